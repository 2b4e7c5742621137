#include "jevons/window/data_import_dialog.h"

#include "jevons/market/provenance.h"

#include <QDialogButtonBox>
#include <QEventLoop>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QShortcut>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace jevons::ui {

DataImportDialog::DataImportDialog(DataStore *store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Import data"));
    setObjectName(QStringLiteral("dataImportDialog"));
    resize(640, 380);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("A CSV file in the format of the bundled data (resources/data/README.md): the topic is recognised "
           "from its header. The whole file is checked first; if anything is wrong, nothing is imported."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    auto *fileRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setPlaceholderText(tr("Path of a .csv file"));
    m_path->setAccessibleName(tr("File to import"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("browseButton"));
    browse->setAutoDefault(false);
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, fileRow);
    m_topic = new QLabel(tr("(choose a file)"), this);
    m_topic->setObjectName(QStringLiteral("topicLabel"));
    m_topic->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    form->addRow(tr("Topic:"), m_topic);
    layout->addLayout(form);

    auto *modeBox = new QGroupBox(tr("Rows the topic already has"), this);
    auto *modeLayout = new QVBoxLayout(modeBox);
    m_merge = new QRadioButton(
        tr("&Merge: an imported row replaces the row with the same key; other rows stay"), modeBox);
    m_merge->setObjectName(QStringLiteral("mergeButton"));
    m_replace = new QRadioButton(tr("&Replace: the topic becomes exactly the imported rows"), modeBox);
    m_replace->setObjectName(QStringLiteral("replaceButton"));
    m_merge->setChecked(true);
    modeLayout->addWidget(m_merge);
    modeLayout->addWidget(m_replace);
    layout->addWidget(modeBox);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("previewLabel"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    layout->addWidget(m_preview);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_error->setFocusPolicy(Qt::StrongFocus); // reachable with Tab, so that screen readers read the error
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xC0, 0x20, 0x20));
    m_error->setPalette(errorPalette);
    m_error->hide();
    layout->addWidget(m_error);
    auto *where =
        new QLabel(tr("Imported files are kept in %1 and applied again at every start until removed "
                      "(File > Manage imports…). Imported rows are marked user-supplied in every chart.")
                       .arg(QDir::toNativeSeparators(store->importsDirectory())),
                   this);
    where->setWordWrap(true);
    QFont small = where->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    where->setFont(small);
    layout->addWidget(where);
    layout->addStretch(1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_importButton = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setEnabled(false);
    m_importButton->setDefault(true);
    layout->addWidget(buttons);

    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(250);
    connect(&m_checkTimer, &QTimer::timeout, this, &DataImportDialog::check);
    connect(m_path, &QLineEdit::textChanged, this, [this] {
        m_valid = false;
        m_importButton->setEnabled(false);
        m_checkTimer.start();
    });
    connect(m_path, &QLineEdit::returnPressed, this, &DataImportDialog::check);
    connect(browse, &QPushButton::clicked, this, &DataImportDialog::browse);
    connect(m_merge, &QRadioButton::toggled, this, &DataImportDialog::showPreview);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] { importNow(); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_path->setFocus();
}

DataImportDialog::~DataImportDialog()
{
    if (m_job) {
        m_cancel->store(true);
        m_job->waitForFinished(); // the parser checks the flag every 1/128 of the file
    }
}

void DataImportDialog::browse()
{
    const QString start =
        m_path->text().isEmpty() ? QDir::homePath() : QFileInfo(m_path->text()).absolutePath();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import data"), start, tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        setFilePath(path);
}

void DataImportDialog::setFilePath(const QString &path)
{
    {
        const QSignalBlocker block(m_path);
        m_path->setText(path);
    }
    check();
}

QString DataImportDialog::filePath() const
{
    return m_path->text().trimmed();
}

void DataImportDialog::setMode(data::MergeMode mode)
{
    (mode == data::MergeMode::Replace ? m_replace : m_merge)->setChecked(true);
    showPreview();
}

data::MergeMode DataImportDialog::mode() const
{
    return m_replace->isChecked() ? data::MergeMode::Replace : data::MergeMode::Merge;
}

QString DataImportDialog::topicText() const
{
    return m_topic->text();
}

QString DataImportDialog::previewText() const
{
    return m_valid ? m_preview->text() : QString();
}

QString DataImportDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool DataImportDialog::canImport() const
{
    return m_valid;
}

void DataImportDialog::check()
{
    m_checkTimer.stop();
    cancelCheck();
    m_parsed.reset();
    m_valid = false;
    m_importButton->setEnabled(false);
    m_error->hide();
    m_error->clear();
    m_preview->clear();
    const QString path = filePath();
    if (path.isEmpty()) {
        m_topic->setText(tr("(choose a file)"));
        return;
    }
    QString detectError;
    const data::TopicSchema *topic = DataStore::detectTopicOfFile(path, &detectError);
    m_topic->setText(
        topic ? tr("%1 (same columns as %2)")
                    .arg(QString::fromStdString(topic->title), QString::fromStdString(topic->fileName))
              : tr("not recognised"));

    // Parse on the pool. Progress is posted to this dialog about every 1/128 of the file: those events are
    // queued before the watcher's finished event, so they arrive first.
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    auto *job = new QFutureWatcher<CheckResult>(this);
    m_job = job;
    QPointer<QFutureWatcher<CheckResult>> guard(job);
    const data::ParseProgress progress = [this, cancel, guard](std::uint64_t done, std::uint64_t total) {
        if (cancel->load())
            return false;
        QMetaObject::invokeMethod(
            this,
            [this, guard, done, total] {
                if (guard && guard == m_job) {
                    if (m_progress) {
                        m_progress->setValue(total ? int(1000 * done / total) : 0);
                    }
                    emit progressed(done, total);
                }
            },
            Qt::QueuedConnection);
        return true;
    };
    connect(job, &QFutureWatcher<CheckResult>::finished, this, [this, job] { onParsed(job); });
    job->setFuture(QtConcurrent::run([path, progress, cancel]() -> CheckResult {
        CheckResult r;
        try {
            r.file = DataStore::parseFile(path, progress);
        } catch (const data::ParseCancelled &) {
            r.cancelled = true;
        } catch (const std::exception &e) {
            r.error = QString::fromStdString(e.what());
        }
        if (cancel->load()) {
            r.file.reset();
            r.cancelled = true;
        }
        return r;
    }));

    if (!m_progress) {
        m_progress = new QProgressDialog(this);
        m_progress->setObjectName(QStringLiteral("importProgress"));
        m_progress->setWindowTitle(tr("Import data"));
        m_progress->setRange(0, 1000);
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        m_progress->setWindowModality(Qt::WindowModal);
        m_progress->setAccessibleName(tr("Reading the file"));
        connect(m_progress, &QProgressDialog::canceled, this, &DataImportDialog::cancelCheck);
    }
    m_progress->setLabelText(tr("Reading and checking %1…").arg(QFileInfo(path).fileName()));
    m_progress->setMinimumDuration(400); // shows only for files that take a while
    m_progress->setValue(0);
}

void DataImportDialog::cancelCheck()
{
    if (!m_job)
        return;
    m_cancel->store(true);
    // The worker stops at its next progress call; onParsed() reports the cancellation.
}

void DataImportDialog::onParsed(QFutureWatcher<CheckResult> *job)
{
    job->deleteLater();
    if (job != m_job)
        return; // superseded by a newer check
    m_job = nullptr;
    const CheckResult r = job->result();
    if (m_progress) {
        m_progress->reset();
        m_progress->hide();
    }
    if (r.cancelled) {
        m_preview->setText(tr("Reading the file was cancelled; nothing was imported."));
    } else if (!r.error.isEmpty()) {
        m_error->setText(r.error);
        m_error->show();
    } else {
        m_parsed = r.file;
        showPreview();
    }
    emit checkFinished();
}

void DataImportDialog::showPreview()
{
    m_valid = false;
    m_importButton->setEnabled(false);
    if (!m_parsed)
        return;
    const DataStore::ImportOutcome preview = m_store->preview(*m_parsed, mode());
    if (!preview.ok) {
        m_error->setText(preview.message);
        m_error->show();
        return;
    }
    m_error->hide();
    const QString modeText = mode() == data::MergeMode::Replace
                                 ? tr("Replace: the topic's %1 dropped")
                                       .arg(countText(preview.rowsBefore, tr("row is"), tr("rows are")))
                                 : tr("Merge: %1 added, %2 replaced (same key)")
                                       .arg(countText(qsizetype(preview.stats.added), tr("row"), tr("rows")))
                                       .arg(preview.stats.replaced);
    m_preview->setText(
        tr("%1 in the file, all valid. %2; the topic will have %3 rows (now %4), %5 of them user-supplied.")
            .arg(countText(preview.importedRows, tr("data row"), tr("data rows")), modeText)
            .arg(preview.rowsAfter)
            .arg(preview.rowsBefore)
            .arg(preview.userRowsAfter));
    m_valid = true;
    m_importButton->setEnabled(true);
}

bool DataImportDialog::importNow()
{
    if (m_checkTimer.isActive() || (!m_valid && !m_job && !m_parsed))
        check();
    if (m_job) {
        QEventLoop loop;
        connect(this, &DataImportDialog::checkFinished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!m_valid || !m_parsed)
        return false;
    const DataStore::ParsedFilePtr parsed = std::exchange(m_parsed, nullptr); // its rows move into the store
    m_outcome = m_store->importParsed(parsed, mode());
    if (!m_outcome.ok) {
        m_valid = false;
        m_importButton->setEnabled(false);
        m_error->setText(m_outcome.message);
        m_error->show();
        m_error->setFocus();
        return false;
    }
    accept();
    return true;
}

bool DataImportDialog::run(DataStore *store, QWidget *parent, QString *message)
{
    DataImportDialog dialog(store, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    if (message)
        *message = dialog.outcome().message;
    return true;
}

// ---------------------------------------------------------------------------------------------------------

ManageImportsDialog::ManageImportsDialog(DataStore *store, QWidget *parent) : QDialog(parent), m_store(store)
{
    setWindowTitle(tr("Manage imports"));
    setObjectName(QStringLiteral("manageImportsDialog"));
    resize(760, 320);
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(tr("Your imported files, applied over the bundled data at every start. Removing a "
                      "topic's imports restores its bundled rows."),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("importsList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels(
        {tr("Topic"), tr("Files (in order)"), tr("Rows now"), tr("Imported"), tr("Problem")});
    m_list->setAccessibleName(tr("Imported topics"));
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    layout->addWidget(m_list, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_removeButton = buttons->addButton(tr("&Remove"), QDialogButtonBox::ActionRole);
    m_removeButton->setObjectName(QStringLiteral("removeButton"));
    m_removeButton->setToolTip(tr("Remove the selected topic's imports (Delete)"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_removeButton, &QPushButton::clicked, this, &ManageImportsDialog::removeSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_removeButton->setEnabled(!m_list->selectedItems().isEmpty()); });
    auto *del = new QShortcut(QKeySequence::Delete, m_list);
    connect(del, &QShortcut::activated, this, &ManageImportsDialog::removeSelected);
    connect(store, &DataStore::changed, this, &ManageImportsDialog::refresh);
    refresh();
    m_list->setFocus();
}

void ManageImportsDialog::refresh()
{
    m_list->clear();
    const QLocale locale;
    for (const QString &topicId : m_store->importedTopics()) {
        QStringList files, dates, problems;
        QString title;
        for (const DataStore::ImportRecord &r : m_store->imports()) {
            if (r.topicId != topicId)
                continue;
            title = r.topicTitle;
            files << QStringLiteral("%1 (%2)").arg(
                r.originalName, r.mode == data::MergeMode::Replace ? tr("replace") : tr("merge"));
            dates << locale.toString(r.importedAt.toLocalTime(), QLocale::ShortFormat);
            if (!r.error.isEmpty())
                problems << r.error;
        }
        const data::Table *table = m_store->table(topicId.toStdString());
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(0, Qt::UserRole, topicId);
        item->setText(0, title);
        item->setText(1, files.join(QStringLiteral(", ")));
        item->setText(2, table ? tr("%1 (%2 yours)").arg(table->rows.size()).arg(table->userRowCount())
                               : QString());
        item->setText(3, dates.join(QStringLiteral(", ")));
        item->setText(4, problems.isEmpty() ? tr("none") : problems.join(QStringLiteral("; ")));
        item->setToolTip(4, problems.join(QLatin1Char('\n')));
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    m_removeButton->setEnabled(!m_list->selectedItems().isEmpty());
    for (int c = 0; c < m_list->columnCount(); ++c)
        if (c != 1)
            m_list->resizeColumnToContents(c);
    if (m_list->topLevelItemCount() == 0)
        m_status->setText(tr("No imports: the charts show the bundled data only."));
}

QStringList ManageImportsDialog::listedTopics() const
{
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        out << m_list->topLevelItem(i)->data(0, Qt::UserRole).toString();
    return out;
}

bool ManageImportsDialog::removeTopic(const QString &topicId)
{
    QString error;
    if (!m_store->removeImport(topicId, &error)) {
        m_status->setText(tr("Could not remove the import: %1").arg(error));
        return false;
    }
    m_status->setText(tr("Removed; the bundled rows are back."));
    refresh();
    return true;
}

void ManageImportsDialog::removeSelected()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    if (selected.isEmpty())
        return;
    removeTopic(selected.front()->data(0, Qt::UserRole).toString());
}

} // namespace jevons::ui
