// ExportFigureDialog: the options of one figure (format, size, theme, caption) and its target.
#include "jevons/export/export_dialogs.h"

#include "jevons/charts/chart_view.h"

#include "jevons/dataset/dataset.h"
#include "jevons/engine/engine.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace jevons::ui {

namespace {
constexpr double CmPerInch = 2.54;
} // namespace

// ---------------------------------------------------------------------------------------------------------
// ExportFigureDialog

ExportFigureDialog::ExportFigureDialog(const QString &title, const QSize &screenSize, bool folderMode,
                                       QWidget *parent)
    : QDialog(parent), m_screenSize(screenSize.expandedTo(QSize(MinFigureSide, MinFigureSide))),
      m_folderMode(folderMode)
{
    setWindowTitle(title);
    auto *form = new QFormLayout;
    m_form = form;

    m_format = new QComboBox(this);
    m_format->addItem(tr("PNG image"), int(FigureFormat::Png));
    m_format->addItem(tr("SVG vector graphics"), int(FigureFormat::Svg));
    m_format->addItem(tr("PDF vector graphics"), int(FigureFormat::Pdf));
    m_format->addItem(tr("CSV data (the plotted values)"), int(FigureFormat::Csv));
    form->addRow(tr("&Format:"), m_format);

    m_preset = new QComboBox(this);
    m_preset->addItem(tr("Screen (%1 × %2 px)").arg(m_screenSize.width()).arg(m_screenSize.height()),
                      int(Preset::Screen));
    m_preset->addItem(
        tr("Screen 2× (%1 × %2 px)").arg(2 * m_screenSize.width()).arg(2 * m_screenSize.height()),
        int(Preset::Screen2x));
    m_preset->addItem(tr("Print, 300 dpi"), int(Preset::Print300));
    m_preset->addItem(tr("Custom pixels"), int(Preset::Custom));
    form->addRow(tr("&Size:"), m_preset);

    m_printRow = new QWidget(this);
    auto *print = new QHBoxLayout(m_printRow);
    print->setContentsMargins(0, 0, 0, 0);
    m_widthCm = new QDoubleSpinBox(m_printRow);
    m_heightCm = new QDoubleSpinBox(m_printRow);
    for (QDoubleSpinBox *box : {m_widthCm, m_heightCm}) {
        box->setRange(3, 100);
        box->setDecimals(1);
        box->setSuffix(tr(" cm"));
    }
    m_widthCm->setValue(16);
    m_heightCm->setValue(10);
    m_widthCm->setAccessibleName(tr("Printed width"));
    m_heightCm->setAccessibleName(tr("Printed height"));
    print->addWidget(m_widthCm);
    print->addWidget(new QLabel(QStringLiteral("×"), m_printRow));
    print->addWidget(m_heightCm);
    print->addStretch(1);
    form->addRow(tr("Printed size:"), m_printRow);

    m_customRow = new QWidget(this);
    auto *custom = new QHBoxLayout(m_customRow);
    custom->setContentsMargins(0, 0, 0, 0);
    m_widthPx = new QSpinBox(m_customRow);
    m_heightPx = new QSpinBox(m_customRow);
    for (QSpinBox *box : {m_widthPx, m_heightPx}) {
        box->setRange(MinFigureSide, MaxFigureSide);
        box->setSuffix(tr(" px"));
    }
    m_widthPx->setValue(m_screenSize.width());
    m_heightPx->setValue(m_screenSize.height());
    m_widthPx->setAccessibleName(tr("Width in pixels"));
    m_heightPx->setAccessibleName(tr("Height in pixels"));
    custom->addWidget(m_widthPx);
    custom->addWidget(new QLabel(QStringLiteral("×"), m_customRow));
    custom->addWidget(m_heightPx);
    custom->addStretch(1);
    form->addRow(tr("Pixels:"), m_customRow);

    m_dpi = new QSpinBox(this);
    m_dpi->setRange(MinFigureDpi, MaxFigureDpi);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setValue(300);
    m_dpi->setToolTip(tr("Text is set in points: pixels ÷ dpi is the printed size"));
    auto *dpiRow = new QHBoxLayout;
    dpiRow->addWidget(m_dpi);
    dpiRow->addStretch(1);
    auto *dpiLabel = new QLabel(tr("&Resolution:"), this);
    dpiLabel->setBuddy(m_dpi);
    form->addRow(dpiLabel, dpiRow);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    form->addRow(QString(), m_summary);

    m_caption =
        new QCheckBox(tr("Caption footer: scenario, changes from the Base case, paths, seed, backend, "
                         "dataset date and version"),
                      this);
    m_caption->setChecked(true);
    form->addRow(QString(), m_caption);

    m_theme = new QComboBox(this);
    m_theme->addItem(tr("As shown"), int(FigureTheme::AsShown));
    m_theme->addItem(tr("Light (for print)"), int(FigureTheme::Light));
    m_theme->addItem(tr("Dark"), int(FigureTheme::Dark));
    form->addRow(tr("&Colours:"), m_theme);

    auto *targetRow = new QHBoxLayout;
    m_target = new QLineEdit(this);
    m_target->setMinimumWidth(360);
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportFigureDialog::browse);
    targetRow->addWidget(m_target, 1);
    targetRow->addWidget(browse);
    auto *targetLabel = new QLabel(folderMode ? tr("F&older:") : tr("F&ile:"), this);
    targetLabel->setBuddy(m_target);
    form->addRow(targetLabel, targetRow);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(folderMode ? tr("Export all") : tr("Export"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_target->text().trimmed().isEmpty()) {
            QMessageBox::warning(this, windowTitle(),
                                 m_folderMode ? tr("Choose a folder.") : tr("Choose a file name."));
            return;
        }
        const FigureOptions o = options();
        if (o.format != FigureFormat::Csv) {
            if (const QString error = validateFigureOptions(o); !error.isEmpty()) {
                QMessageBox::warning(this, windowTitle(), error);
                return;
            }
        }
        accept();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    auto update = [this] { updateState(); };
    connect(m_format, &QComboBox::currentIndexChanged, this, update);
    connect(m_preset, &QComboBox::currentIndexChanged, this, update);
    for (QDoubleSpinBox *box : {m_widthCm, m_heightCm})
        connect(box, &QDoubleSpinBox::valueChanged, this, update);
    for (QSpinBox *box : {m_widthPx, m_heightPx, m_dpi})
        connect(box, &QSpinBox::valueChanged, this, update);
    updateState();
}

FigureOptions ExportFigureDialog::options() const
{
    FigureOptions o;
    o.format = FigureFormat(m_format->currentData().toInt());
    o.caption = m_caption->isChecked();
    o.theme = FigureTheme(m_theme->currentData().toInt());
    const int screenDpi = qRound(layoutDpi());
    switch (Preset(m_preset->currentData().toInt())) {
    case Preset::Screen:
        o.size = m_screenSize;
        o.dpi = screenDpi;
        break;
    case Preset::Screen2x:
        o.size = m_screenSize * 2;
        o.dpi = 2 * screenDpi;
        break;
    case Preset::Print300:
        o.dpi = m_dpi->value();
        o.size = QSize(qRound(m_widthCm->value() / CmPerInch * o.dpi),
                       qRound(m_heightCm->value() / CmPerInch * o.dpi));
        break;
    case Preset::Custom:
        o.dpi = m_dpi->value();
        o.size = QSize(m_widthPx->value(), m_heightPx->value());
        break;
    }
    return o;
}

QString ExportFigureDialog::target() const
{
    return m_target->text().trimmed();
}

void ExportFigureDialog::setTarget(const QString &path)
{
    m_target->setText(path);
    updateState();
}

void ExportFigureDialog::setFormat(FigureFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void ExportFigureDialog::setPreset(Preset preset)
{
    m_preset->setCurrentIndex(m_preset->findData(int(preset)));
}

void ExportFigureDialog::setPrintSize(double widthCm, double heightCm, int dpi)
{
    m_widthCm->setValue(widthCm);
    m_heightCm->setValue(heightCm);
    m_dpi->setValue(dpi);
}

void ExportFigureDialog::setCaption(bool on)
{
    m_caption->setChecked(on);
}

void ExportFigureDialog::updateState()
{
    const FigureOptions o = options();
    const bool figure = o.format != FigureFormat::Csv;
    const Preset preset = Preset(m_preset->currentData().toInt());
    m_preset->setEnabled(figure);
    m_printRow->setEnabled(figure && preset == Preset::Print300);
    m_customRow->setEnabled(figure && preset == Preset::Custom);
    m_dpi->setEnabled(figure && (preset == Preset::Print300 || preset == Preset::Custom));
    m_caption->setEnabled(figure);
    m_theme->setEnabled(figure);
    if (!figure) {
        m_summary->setText(tr("One row per plotted x value, units in the header."));
    } else {
        const QString physical = tr("%1 × %2 cm at %3 dpi")
                                     .arg(QLocale().toString(o.size.width() * CmPerInch / o.dpi, 'f', 1))
                                     .arg(QLocale().toString(o.size.height() * CmPerInch / o.dpi, 'f', 1))
                                     .arg(o.dpi);
        const QString error = validateFigureOptions(o);
        m_summary->setText(
            !error.isEmpty() ? error
            : o.format == FigureFormat::Png
                ? tr("%1 × %2 pixels, %3").arg(o.size.width()).arg(o.size.height()).arg(physical)
                : tr("Vector graphics, %1").arg(physical));
    }
    // A file's extension follows the format.
    if (!m_folderMode && !m_target->text().isEmpty()) {
        const QFileInfo info(m_target->text());
        const QString wanted = figureFormatName(o.format);
        if (info.suffix().compare(wanted, Qt::CaseInsensitive) != 0) {
            const QString base = info.suffix().isEmpty() ? m_target->text()
                                                         : m_target->text().chopped(info.suffix().size() + 1);
            m_target->setText(base + QLatin1Char('.') + wanted);
        }
    }
}

void ExportFigureDialog::browse()
{
    if (m_folderMode) {
        const QString dir = QFileDialog::getExistingDirectory(this, windowTitle(), target());
        if (!dir.isEmpty())
            m_target->setText(dir);
        return;
    }
    const FigureFormat format = options().format;
    const QString filter =
        tr("%1 files (*.%2)").arg(figureFormatName(format).toUpper(), figureFormatName(format));
    const QString file = QFileDialog::getSaveFileName(this, windowTitle(), target(), filter);
    if (!file.isEmpty())
        setTarget(file);
}

QString ExportFigureDialog::chartChoiceName(const ChartPanel *panel)
{
    // The tab the chart is on: the page of a QTabWidget among its ancestors.
    for (const QWidget *w = panel; w && w->parentWidget(); w = w->parentWidget())
        if (auto *stack = qobject_cast<const QStackedWidget *>(w->parentWidget()))
            if (auto *tabs = qobject_cast<const QTabWidget *>(stack->parentWidget())) {
                // Without the mnemonic: "&Supply && demand" -> "Supply & demand".
                QString tab = tabs->tabText(tabs->indexOf(const_cast<QWidget *>(w)));
                tab.replace(QLatin1String("&&"), QStringLiteral("\x01"));
                tab.remove(QLatin1Char('&'));
                tab.replace(QChar(1), QLatin1Char('&'));
                const QString name =
                    panel->isCompact() ? tr("%1, small copy").arg(panel->title()) : panel->title();
                return tr("%1 (%2 tab)").arg(name, tab);
            }
    return panel->title();
}

void ExportFigureDialog::setChartChoices(const QList<ChartPanel *> &charts, ChartPanel *selected,
                                         const QString &namePrefix)
{
    m_namePrefix = namePrefix;
    if (!m_chartPicker) {
        m_chartPicker = new QComboBox(this);
        m_chartPicker->setObjectName(QStringLiteral("chartPicker"));
        m_chartPicker->setAccessibleName(tr("Chart to export"));
        m_chartPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        m_chartPicker->setMaxVisibleItems(20);
        m_form->insertRow(0, tr("C&hart:"), m_chartPicker);
        connect(m_chartPicker, &QComboBox::currentIndexChanged, this, &ExportFigureDialog::chartChosen);
    }
    const QSignalBlocker block(m_chartPicker);
    m_chartPicker->clear();
    m_chartChoices.clear();
    for (ChartPanel *panel : charts) {
        if (!panel)
            continue;
        m_chartPicker->addItem(chartChoiceName(panel), panel->chartId());
        m_chartChoices << panel;
    }
    const int at = int(m_chartChoices.indexOf(selected));
    m_chartPicker->setCurrentIndex(at >= 0 ? at : 0);
    chartChosen();
}

ChartPanel *ExportFigureDialog::selectedChart() const
{
    if (!m_chartPicker)
        return nullptr;
    return m_chartChoices.value(m_chartPicker->currentIndex());
}

void ExportFigureDialog::chartChosen()
{
    ChartPanel *panel = selectedChart();
    if (!panel)
        return;
    setWindowTitle(tr("Export “%1”").arg(panel->title()));
    const QString name = m_namePrefix + figureFileName(panel, options().format);
    const QString current = target();
    setTarget(current.isEmpty() ? name : QFileInfo(current).dir().filePath(name));
}

// ---------------------------------------------------------------------------------------------------------
// ExportController

} // namespace jevons::ui
