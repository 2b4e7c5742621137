#include "jevons/window/scenario_panel.h"
#include "jevons/window/scenario_info_editor.h"

#include "jevons/session/scenario_document.h"
#include "jevons/window/correlation_dialog.h"
#include "jevons/window/parameter_control.h"

#include <QCheckBox>
#include <QPushButton>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace jevons::ui {

QList<Preset> bundledPresets(const QString &directory)
{
    QList<Preset> presets;
    QDir dir(directory);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString path = dir.filePath(file);
        Preset preset{QFileInfo(file).completeBaseName(), path, QString()};
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            preset.error = QObject::tr("%1: %2").arg(file, f.errorString());
            presets.append(preset);
            continue;
        }
        const QByteArray json = f.readAll();
        try {
            const Scenario s = parseScenario(std::string_view(json.constData(), std::size_t(json.size())),
                                             file.toStdString());
            if (!s.name.empty())
                preset.name = QString::fromStdString(s.name);
        } catch (const ScenarioError &e) {
            preset.error = QString::fromUtf8(e.what());
        }
        presets.append(preset);
    }
    return presets;
}

ScenarioPanel::ScenarioPanel(QWidget *parent) : ScenarioPanel(bundledPresets(), parent) {}

ScenarioPanel::ScenarioPanel(const QList<Preset> &presets, QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    outer->setSpacing(4);

    // Presets row.
    m_presets = presets;
    m_presetBox = new QComboBox(this);
    m_presetBox->setPlaceholderText(tr("Custom scenario"));
    for (const Preset &preset : m_presets) {
        if (preset.error.isEmpty()) {
            m_presetBox->addItem(preset.name, preset.resourcePath);
            continue;
        }
        // Listed, so that the other presets keep their places, but not choosable; the tooltip says why.
        m_presetBox->addItem(tr("%1 (cannot be loaded)").arg(preset.name), preset.resourcePath);
        const int row = m_presetBox->count() - 1;
        m_presetBox->setItemData(row, preset.error, Qt::ToolTipRole);
        if (auto *model = qobject_cast<QStandardItemModel *>(m_presetBox->model()))
            model->item(row)->setEnabled(false);
    }
    m_presetBox->setAccessibleName(tr("Preset scenario"));
    m_presetBox->setToolTip(tr("Load a bundled scenario (undoable)"));
    connect(m_presetBox, &QComboBox::activated, this, &ScenarioPanel::presetChosen);
    auto *presetLabel = new QLabel(tr("Prese&t:"), this);
    presetLabel->setBuddy(m_presetBox);
    m_modifiedLabel = new QLabel(this);
    m_modifiedLabel->setToolTip(tr("Values were changed after the preset or file was loaded"));
    auto *presetRow = new QHBoxLayout;
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(m_presetBox, 1);
    presetRow->addWidget(m_modifiedLabel);
    outer->addLayout(presetRow);
    m_info = new ScenarioInfoEditor(this);
    outer->addWidget(m_info);
    outer->addWidget(buildRunSettings());
    outer->addWidget(buildUncertaintyRow());

    // Parameters, grouped as the issue asks (the file groups them slightly differently).
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *content = new QWidget(scroll);
    auto *groups = new QVBoxLayout(content);
    groups->setContentsMargins(0, 0, 2, 0);
    groups->setSpacing(6);
    const struct {
        const char *fileGroup;
        QString title;
    } Groups[] = {{"demand", tr("Demand")}, {"efficiency", tr("Efficiency")},
                  {"supply", tr("Supply")}, {"power", tr("Power")},
                  {"market", tr("Market")}, {"initial", tr("Starting point")}};
    for (const auto &group : Groups) {
        auto *box = new QGroupBox(group.title, content);
        auto *rows = new QVBoxLayout(box);
        rows->setContentsMargins(6, 4, 4, 4);
        rows->setSpacing(1);
        for (const ParamInfo &info : paramTable()) {
            const QString fileGroup = QString::fromLatin1(info.group);
            // The horizon sits at the top level of the file; it belongs with the starting point.
            const bool inGroup =
                fileGroup == QLatin1String(group.fileGroup) ||
                (fileGroup.isEmpty() && QLatin1String(group.fileGroup) == QLatin1String("initial"));
            if (!inGroup)
                continue;
            auto *control = new ParameterControl(info, box);
            rows->addWidget(control);
            m_controls.insert(info.id, control);
            connect(control, &ParameterControl::edited, this, &ScenarioPanel::edited);
            connect(control, &ParameterControl::dragFinished, this, &ScenarioPanel::dragFinished);
            connect(control, &ParameterControl::stepped, this, &ScenarioPanel::stepped);
            connect(control, &ParameterControl::intervalEdited, this, &ScenarioPanel::intervalEdited);
        }
        groups->addWidget(box);
    }
    groups->addStretch(1);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);
    setMinimumWidth(470);
}

QWidget *ScenarioPanel::buildRunSettings()
{
    auto *box = new QGroupBox(tr("Run"), this);
    auto *form = new QGridLayout(box);
    form->setContentsMargins(6, 4, 6, 4);
    form->setHorizontalSpacing(6);
    form->setVerticalSpacing(2);

    m_pathsBox = new QComboBox(box);
    // Grouped digits in the user's locale ("100.000" in German); the C locale would otherwise leave them out.
    QLocale grouped;
    grouped.setNumberOptions(grouped.numberOptions() & ~QLocale::OmitGroupSeparator);
    for (qulonglong paths : {10'000ULL, 100'000ULL, 1'000'000ULL, 10'000'000ULL})
        m_pathsBox->addItem(grouped.toString(paths), paths);
    m_pathsBox->setCurrentIndex(1);
    m_pathsBox->setToolTip(
        tr("Monte Carlo paths for the full run; while a slider is dragged a quick 10,000-path "
           "preview runs first"));
    m_pathsBox->setAccessibleName(tr("Paths"));
    m_seedBox = new QSpinBox(box);
    m_seedBox->setRange(0, std::numeric_limits<int>::max());
    m_seedBox->setValue(42);
    m_seedBox->setToolTip(
        tr("Seed of the random numbers: the same seed gives the same result, and a baseline "
           "compared on the same seed differs only by the parameters"));
    m_seedBox->setAccessibleName(tr("Seed"));
    m_seedBox->setKeyboardTracking(false);
    m_backendBox = new QComboBox(box);
    m_backendBox->addItem(tr("Auto"), int(Backend::Auto));
    m_backendBox->addItem(tr("CPU"), int(Backend::Cpu));
    m_backendBox->addItem(tr("CUDA"), int(Backend::Cuda));
    if (!cudaAvailable()) {
        // Keep the entry visible but explain why it cannot be chosen.
        auto *model = qobject_cast<QStandardItemModel *>(m_backendBox->model());
        if (QStandardItem *item = model ? model->item(2) : nullptr) {
            item->setEnabled(false);
            item->setToolTip(QString::fromStdString(cudaDeviceDescription()));
        }
    }
    m_backendBox->setToolTip(tr("Where the Monte Carlo runs. Auto: the GPU when there is one. CUDA: %1")
                                 .arg(QString::fromStdString(cudaDeviceDescription())));
    m_backendBox->setAccessibleName(tr("Backend"));
    m_backendInUse = new QLabel(box);
    m_backendInUse->setToolTip(tr("Backend used by the last run"));

    auto label = [box](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, box);
        l->setBuddy(buddy);
        return l;
    };
    form->addWidget(label(tr("Paths:"), m_pathsBox), 0, 0);
    form->addWidget(m_pathsBox, 0, 1);
    form->addWidget(label(tr("Seed:"), m_seedBox), 0, 2);
    form->addWidget(m_seedBox, 0, 3);
    form->addWidget(label(tr("B&ackend:"), m_backendBox), 1, 0);
    form->addWidget(m_backendBox, 1, 1);
    form->addWidget(m_backendInUse, 1, 2, 1, 2);
    form->setColumnStretch(1, 1);
    form->setColumnStretch(3, 1);

    connect(m_pathsBox, &QComboBox::currentIndexChanged, this, &ScenarioPanel::runSettingsChanged);
    connect(m_seedBox, &QSpinBox::valueChanged, this, &ScenarioPanel::runSettingsChanged);
    connect(m_backendBox, &QComboBox::currentIndexChanged, this, &ScenarioPanel::runSettingsChanged);
    return box;
}

QWidget *ScenarioPanel::buildUncertaintyRow()
{
    auto *box = new QWidget(this);
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    m_uncertaintyBox = new QCheckBox(tr("&Uncertain inputs"), box);
    m_uncertaintyBox->setChecked(true);
    m_uncertaintyBox->setToolTip(
        tr("On: inputs with a 90 % interval (±) vary from path to path, so the fan shows what we don't "
           "know as well as how the world jitters. Off: every input at its value, on the same random "
           "numbers; the intervals are kept"));
    m_correlationsButton = new QPushButton(tr("Corre&lations…"), box);
    m_correlationsButton->setToolTip(tr("Say which uncertain inputs tend to move together"));
    m_correlationsButton->setEnabled(false);
    m_uncertaintySummary = new QLabel(box);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_uncertaintyBox);
    row->addWidget(m_uncertaintySummary, 1);
    row->addWidget(m_correlationsButton);
    column->addLayout(row);
    m_notice = new QLabel(box);
    m_notice->setWordWrap(true);
    m_notice->setObjectName(QStringLiteral("uncertaintyNotice"));
    m_notice->setStyleSheet(QStringLiteral("color: #8a5a00"));
    m_notice->hide();
    column->addWidget(m_notice);
    connect(m_correlationsButton, &QPushButton::clicked, this, &ScenarioPanel::editCorrelations);
    return box;
}

void ScenarioPanel::attachDocument(ScenarioDocument *document)
{
    m_document = document;
    m_info->attachDocument(document);
    connect(
        this, &ScenarioPanel::intervalEdited, document,
        [document](Param p, const std::optional<Interval> &interval) { document->setInterval(p, interval); });
    connect(m_uncertaintyBox, &QCheckBox::toggled, document, &ScenarioDocument::setUncertaintyEnabled);
    auto refresh = [this, document] { setUncertainty(document->scenario(), document->uncertaintyEnabled()); };
    connect(document, &ScenarioDocument::uncertaintyChanged, this, refresh);
    connect(document, &ScenarioDocument::scenarioReplaced, this, refresh);
    connect(document, &ScenarioDocument::valueChanged, this, [this, document](Param p) {
        // A moved median carries its interval (Scenario::setMedian): the band follows the handle.
        if (ParameterControl *control = m_controls.value(p))
            control->setInterval(document->scenario().intervals[std::size_t(p)]);
    });
    connect(document, &ScenarioDocument::correlationsDropped, this, [this](Param p, int count) {
        showNotice(tr("%1 is certain again: %n correlation(s) that named it no longer apply and were "
                      "removed (Undo brings them back).",
                      nullptr, count)
                       .arg(QString::fromUtf8(paramInfo(p).label)));
    });
    refresh();
}

void ScenarioPanel::setUncertainty(const Scenario &scenario, bool enabled)
{
    for (auto it = m_controls.begin(); it != m_controls.end(); ++it) {
        it.value()->setInterval(scenario.intervals[std::size_t(it.key())]);
        it.value()->setBandShown(enabled);
    }
    const QSignalBlocker block(m_uncertaintyBox);
    m_uncertaintyBox->setChecked(enabled);
    const std::size_t inputs = scenario.uncertainInputs().size();
    m_correlationsButton->setEnabled(inputs >= 2);
    const QString summary = tr("%n uncertain", nullptr, int(inputs)) +
                            (scenario.correlations.empty()
                                 ? QString()
                                 : tr(", %n correlated pair(s)", nullptr, int(scenario.correlations.size())));
    m_uncertaintySummary->setText(inputs == 0 ? tr("none yet: ± on a row")
                                  : enabled   ? summary
                                              : summary + tr(" (off)"));
}

QString ScenarioPanel::notice() const
{
    return m_notice->isVisibleTo(this) ? m_notice->text() : QString();
}

void ScenarioPanel::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ScenarioPanel::editCorrelations()
{
    if (!m_document)
        return;
    CorrelationDialog dialog(m_document->scenario(), runSettings(), this);
    if (dialog.exec() == QDialog::Accepted)
        m_document->setCorrelations(dialog.correlations());
}

void ScenarioPanel::setScenario(const Scenario &scenario)
{
    for (auto it = m_controls.begin(); it != m_controls.end(); ++it) {
        it.value()->setValue(scenario[it.key()]);
        it.value()->setInterval(scenario.intervals[std::size_t(it.key())]);
    }
}

void ScenarioPanel::setValue(Param p, double value)
{
    if (ParameterControl *control = m_controls.value(p))
        control->setValue(value);
}

void ScenarioPanel::setPresetState(int presetIndex, bool modified)
{
    const QSignalBlocker block(m_presetBox);
    m_presetBox->setCurrentIndex(presetIndex);
    m_modifiedLabel->setText(modified ? tr("<i>modified</i>") : QString());
}

SimulationSettings ScenarioPanel::runSettings() const
{
    SimulationSettings settings;
    settings.paths = m_pathsBox->currentData().toULongLong();
    settings.seed = std::uint64_t(m_seedBox->value());
    settings.backend = Backend(m_backendBox->currentData().toInt());
    return settings;
}

void ScenarioPanel::setRunSettings(const SimulationSettings &settings)
{
    const QSignalBlocker a(m_pathsBox), b(m_seedBox), c(m_backendBox);
    int pathsIndex = m_pathsBox->findData(qulonglong(settings.paths));
    if (pathsIndex < 0 && settings.paths > 0) {
        // A file saved with another path count reproduces its numbers only with that count.
        m_pathsBox->addItem(QLocale(QLocale::English).toString(qulonglong(settings.paths)),
                            qulonglong(settings.paths));
        pathsIndex = m_pathsBox->count() - 1;
    }
    if (pathsIndex >= 0)
        m_pathsBox->setCurrentIndex(pathsIndex);
    m_seedBox->setValue(int(std::min<std::uint64_t>(settings.seed, std::uint64_t(m_seedBox->maximum()))));
    const int backendIndex = m_backendBox->findData(int(settings.backend));
    if (backendIndex >= 0)
        m_backendBox->setCurrentIndex(backendIndex);
}

void ScenarioPanel::setBackendInUse(const QString &text)
{
    m_backendInUse->setText(tr("in use: %1").arg(text));
}

} // namespace jevons::ui
