#include "jevons/scenario_map/scenario_map_view.h"

#include "jevons/market/number_format.h"
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/session/scenario_document.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {

/// Output combo data: a series index, or ProbabilityBase + a probability index.
constexpr int ProbabilityBase = 1000;
/// A sweep result larger than this is not a map anyone drew (a 1000 x 1000 grid is ~60 MB).
constexpr qint64 MaxResultBytes = 256LL << 20;

/// Enough decimals for a parameter's whole range: 0.001 steps below 1, fewer for large values.
int decimalsFor(const ParamInfo &info)
{
    if (info.integer)
        return 0;
    const double small = std::max(std::abs(info.minValue) > 0 ? std::abs(info.minValue) : 1e-3, 1e-6);
    const double large = std::max(std::abs(info.maxValue), 1.0);
    return std::clamp(
        std::max(3 - int(std::floor(std::log10(large))), 1 - int(std::floor(std::log10(small)))), 0, 6);
}

} // namespace

ScenarioMapView::ScenarioMapView(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_job(new ScenarioMapJob(this)),
      m_chart(new ScenarioMapChart(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *controls = new QGridLayout;
    controls->setHorizontalSpacing(6);
    const QString axisNames[2] = {tr("&Across:"), tr("&Up:")};
    for (int a = 0; a < 2; ++a) {
        auto *name = new QLabel(axisNames[a], this);
        m_param[a] = new QComboBox(this);
        m_param[a]->setObjectName(a == 0 ? QStringLiteral("mapParamX") : QStringLiteral("mapParamY"));
        fillParameterCombo(m_param[a]);
        // Long labels need not widen the whole row: the combo elides and its tooltip says it all.
        m_param[a]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_param[a]->setMinimumContentsLength(16);
        name->setBuddy(m_param[a]);
        m_from[a] = new QDoubleSpinBox(this);
        m_to[a] = new QDoubleSpinBox(this);
        for (QDoubleSpinBox *box : {m_from[a], m_to[a]}) {
            box->setLocale(QLocale());
            box->setAccelerated(true);
            box->setMinimumWidth(box->fontMetrics().horizontalAdvance(QStringLiteral("0000.0000")) + 30);
        }
        m_from[a]->setToolTip(tr("First value of the axis"));
        m_to[a]->setToolTip(tr("Last value of the axis"));
        // Screen readers: the visible "from"/"to" labels name nothing on their own.
        const QString axis = a == 0 ? tr("Across axis") : tr("Up axis");
        m_from[a]->setAccessibleName(tr("%1: from").arg(axis));
        m_to[a]->setAccessibleName(tr("%1: to").arg(axis));
        controls->addWidget(name, a, 0);
        controls->addWidget(m_param[a], a, 1);
        controls->addWidget(new QLabel(tr("from"), this), a, 2);
        controls->addWidget(m_from[a], a, 3);
        controls->addWidget(new QLabel(tr("to"), this), a, 4);
        controls->addWidget(m_to[a], a, 5);
        // The unit beside the range, not as a suffix: a suffix is cut off first when the row is narrow.
        m_unit[a] = new QLabel(this);
        m_unit[a]->setMinimumWidth(m_unit[a]->fontMetrics().horizontalAdvance(QStringLiteral("x / year")) +
                                   4);
        controls->addWidget(m_unit[a], a, 6);
        connect(m_param[a], &QComboBox::currentIndexChanged, this, [this, a] { parameterChosen(a); });
    }
    // Output, month and run settings to the right of the axes, on the same two rows.
    auto *outputName = new QLabel(tr("&Output:"), this);
    m_output = new QComboBox(this);
    m_output->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_output->setMinimumContentsLength(18);
    m_output->setObjectName(QStringLiteral("mapOutput"));
    for (const ProbabilityInfo &p : probabilityTable())
        m_output->addItem(QString::fromUtf8(p.label), ProbabilityBase + int(p.id));
    m_output->insertSeparator(m_output->count());
    for (const SeriesInfo &s : seriesTable())
        m_output->addItem(QString::fromUtf8(s.label), int(s.id));
    outputName->setBuddy(m_output);
    m_stat = new QComboBox(this);
    for (int s = 0; s < StatCount; ++s)
        m_stat->addItem(QString::fromLatin1(statKey(Stat(s))), s);
    m_stat->setCurrentIndex(int(Stat::P50));
    m_stat->setToolTip(tr("The statistic of the series over the paths"));
    m_stat->setAccessibleName(tr("Statistic"));
    auto *monthName = new QLabel(tr("&Month:"), this);
    m_month = new QSpinBox(this);
    m_month->setLocale(QLocale());
    monthName->setBuddy(m_month);
    m_monthLabel = new QLabel(this);
    // Wide enough for the longest month name, so that the row does not shift as the month changes.
    m_monthLabel->setMinimumWidth(
        m_monthLabel->fontMetrics().horizontalAdvance(QStringLiteral("September 2099")));
    // The output on a third row under the axes: beside them the combos would be squeezed unreadable in a
    // window of 1280 pixels with the scenario panel open.
    controls->addWidget(outputName, 2, 0);
    auto *outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(m_stat);
    outputRow->addSpacing(8);
    outputRow->addWidget(monthName);
    outputRow->addWidget(m_month);
    outputRow->addWidget(m_monthLabel);
    controls->addLayout(outputRow, 2, 1, 1, 6);

    auto *pathsName = new QLabel(tr("&Paths:"), this);
    m_paths = new QComboBox(this);
    for (const std::uint64_t n : {std::uint64_t(2'000), std::uint64_t(5'000), std::uint64_t(20'000)})
        m_paths->addItem(QLocale().toString(qulonglong(n)), qulonglong(n));
    m_paths->setCurrentIndex(1);
    m_paths->setToolTip(tr("Paths per scenario of the map (every scenario runs on the same random numbers)"));
    pathsName->setBuddy(m_paths);
    auto *seedName = new QLabel(tr("S&eed:"), this);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, 999'999);
    m_seed->setValue(42);
    seedName->setBuddy(m_seed);
    controls->addWidget(pathsName, 0, 7);
    controls->addWidget(m_paths, 0, 8);
    controls->addWidget(seedName, 1, 7);
    controls->addWidget(m_seed, 1, 8);
    controls->setColumnStretch(9, 1);
    m_compute = new QPushButton(tr("&Compute"), this);
    m_compute->setToolTip(tr("Compute the map: a coarse grid first, then the refined one"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setEnabled(false);
    m_open = new QPushButton(tr("Open &result…"), this);
    m_open->setToolTip(tr("Show a sweep result file (jevons sweep --format json, a grid of two parameters)"));
    layout->addLayout(controls);

    // The buttons lead the status row: on the control rows they would make the tab wider than the window.
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_compute);
    statusRow->addWidget(m_cancel);
    statusRow->addWidget(m_open);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("mapStatus"));
    m_hover = new QLabel(this);
    m_hover->setObjectName(QStringLiteral("mapHover"));
    m_hover->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_hover, 1);
    layout->addLayout(statusRow);
    layout->addWidget(m_chart, 1);

    connect(m_output, &QComboBox::currentIndexChanged, this, [this] { outputChosen(); });
    connect(m_month, &QSpinBox::valueChanged, this, [this] { updateMonthLabel(); });
    connect(m_compute, &QPushButton::clicked, this, &ScenarioMapView::compute);
    connect(m_cancel, &QPushButton::clicked, this, &ScenarioMapView::cancel);
    connect(m_open, &QPushButton::clicked, this, &ScenarioMapView::openResultDialog);
    connect(m_chart, &ScenarioMapChart::cellClicked, this, &ScenarioMapView::loadCell);
    connect(m_chart, &ScenarioMapChart::hoverChanged, m_hover, &QLabel::setText);

    connect(m_job, &ScenarioMapJob::progressed, this, [this](int done, int total) {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(done);
    });
    connect(m_job, &ScenarioMapJob::gridReady, this, [this](int stage, bool last) {
        m_chart->setGrid(m_job->grid());
        const MapGrid &g = m_job->grid();
        m_status->setText(last ? tr("%1 × %2 scenarios").arg(g.x.size()).arg(g.y.size())
                               : tr("Coarse %1 × %2 shown; refining to %3 × %3…")
                                     .arg(g.x.size())
                                     .arg(g.y.size())
                                     .arg(m_fine));
        emit gridShown(stage, last);
    });
    connect(m_job, &ScenarioMapJob::finished, this, [this] {
        setRunning(false);
        emit mapFinished();
    });
    connect(m_job, &ScenarioMapJob::cancelled, this, [this] {
        setRunning(false);
        m_status->setText(m_chart->grid().isEmpty()
                              ? tr("Cancelled")
                              : tr("Cancelled; showing the last complete grid (%1 × %2)")
                                    .arg(m_chart->grid().x.size())
                                    .arg(m_chart->grid().y.size()));
        emit mapCancelled();
    });
    connect(m_job, &ScenarioMapJob::failed, this, [this](const QString &message) {
        setRunning(false);
        m_status->setText(tr("The map failed: %1").arg(message));
        emit mapFailed(message);
    });

    // The marker follows the scenario.
    auto follow = [this] {
        m_chart->setCurrentScenario(m_document->scenario());
        m_month->setMaximum(m_document->scenario().steps());
        updateMonthLabel();
    };
    connect(m_document, &ScenarioDocument::valueChanged, this, follow);
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, follow);

    // Defaults: "where is the line" between demand's response to price and the pace of efficiency, read as
    // the shortage probability five years out.
    m_param[0]->setCurrentIndex(m_param[0]->findData(int(Param::PriceElasticity)));
    m_param[1]->setCurrentIndex(m_param[1]->findData(int(Param::AlgorithmicGain)));
    parameterChosen(0);
    parameterChosen(1);
    follow();
    m_month->setValue(std::min(60, m_document->scenario().steps()));
    outputChosen();
}

void ScenarioMapView::fillParameterCombo(QComboBox *combo)
{
    for (const ParamInfo &info : paramTable()) {
        combo->addItem(QString::fromUtf8(info.label), int(info.id));
        combo->setItemData(combo->count() - 1, QString::fromUtf8(info.help), Qt::ToolTipRole);
    }
}

void ScenarioMapView::parameterChosen(int which)
{
    const ParamInfo &info = paramInfo(Param(m_param[which]->currentData().toInt()));
    for (QDoubleSpinBox *box : {m_from[which], m_to[which]}) {
        box->setDecimals(decimalsFor(info));
        box->setRange(info.minValue, info.maxValue);
        box->setSingleStep(info.integer ? 1.0 : (info.maxValue - info.minValue) / 100);
    }
    const QString unit = QString::fromUtf8(info.unit);
    m_unit[which]->setText(unit == QLatin1String("ratio") ? QString() : unit);
    // The slider's range, spaced as the slider maps it. A log range spans decades, most of them far from
    // any scenario: a factor of four either side of the current value instead. Power below the current
    // value would leave the start's installed base unpowered (a point the sweep refuses), so it starts there.
    double from = info.minValue, to = info.maxValue;
    const double current = m_document->value(info.id);
    if (info.logScale && current > 0) {
        from = std::max(info.minValue, info.id == Param::PowerGw ? current : current / 4);
        to = std::min(info.maxValue, current * 4);
    }
    m_from[which]->setValue(from);
    m_to[which]->setValue(to);
}

void ScenarioMapView::outputChosen()
{
    m_stat->setEnabled(m_output->currentData().toInt() < ProbabilityBase);
}

void ScenarioMapView::updateMonthLabel()
{
    m_monthLabel->setText(monthName(m_document->scenario(), m_month->value()));
}

void ScenarioMapView::setAxes(Param x, double xFrom, double xTo, Param y, double yFrom, double yTo)
{
    const Param params[2] = {x, y};
    const double from[2] = {xFrom, yFrom}, to[2] = {xTo, yTo};
    for (int a = 0; a < 2; ++a) {
        m_param[a]->setCurrentIndex(m_param[a]->findData(int(params[a])));
        parameterChosen(a);
        m_from[a]->setValue(from[a]);
        m_to[a]->setValue(to[a]);
    }
}

sweep::GridAxis ScenarioMapView::axis(int which) const
{
    sweep::GridAxis axis;
    axis.param = Param(m_param[which]->currentData().toInt());
    axis.from = m_from[which]->value();
    axis.to = m_to[which]->value();
    axis.spacing = paramInfo(axis.param).logScale && axis.from > 0 && axis.to > 0 ? sweep::Spacing::Log
                                                                                  : sweep::Spacing::Linear;
    return axis;
}

void ScenarioMapView::setOutput(const sweep::OutputSpec &output)
{
    m_output->setCurrentIndex(m_output->findData(
        output.probability ? ProbabilityBase + int(*output.probability) : int(output.series)));
    m_stat->setCurrentIndex(int(output.stat));
    m_month->setValue(output.month);
}

sweep::OutputSpec ScenarioMapView::output() const
{
    sweep::OutputSpec o;
    const int code = m_output->currentData().toInt();
    if (code >= ProbabilityBase)
        o.probability = Probability(code - ProbabilityBase);
    else
        o.series = Series(code);
    o.stat = Stat(m_stat->currentData().toInt());
    o.month = m_month->value();
    return o;
}

void ScenarioMapView::setRunSettings(std::uint64_t paths, std::uint64_t seed)
{
    int at = m_paths->findData(qulonglong(paths));
    if (at < 0) {
        m_paths->addItem(QLocale().toString(qulonglong(paths)), qulonglong(paths));
        at = m_paths->count() - 1;
    }
    m_paths->setCurrentIndex(at);
    m_seed->setValue(int(seed));
}

void ScenarioMapView::setResolution(int coarse, int fine)
{
    m_coarse = coarse;
    m_fine = fine;
}

sweep::SweepSpec ScenarioMapView::baseSpec() const
{
    sweep::SweepSpec spec;
    spec.sourceName = "scenario map";
    spec.scenario = m_document->runScenario();
    spec.paths = m_paths->currentData().toULongLong();
    spec.seed = std::uint64_t(m_seed->value());
    spec.outputs = {output()};
    return spec;
}

void ScenarioMapView::compute()
{
    const sweep::GridAxis x = axis(0), y = axis(1);
    if (x.param == y.param) {
        m_status->setText(tr("Pick two different parameters"));
        return;
    }
    std::vector<int> steps{m_coarse, m_fine};
    if (m_coarse >= m_fine)
        steps = {m_fine};
    m_job->start(baseSpec(), x, y, steps);
    setRunning(true);
    m_progress->setValue(0);
    m_status->setText(tr("Computing %1 × %1, then %2 × %2…").arg(steps.front()).arg(steps.back()));
}

void ScenarioMapView::cancel()
{
    m_job->cancel();
}

void ScenarioMapView::openResultDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a sweep result"), QString(),
                                                      tr("Sweep results (*.json);;All files (*)"));
    if (!path.isEmpty())
        openResult(path);
}

bool ScenarioMapView::openResult(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        m_status->setText(tr("Could not open %1: %2").arg(name, file.errorString()));
        return false;
    }
    if (file.size() > MaxResultBytes) {
        m_status->setText(tr("Could not open %1: larger than any map's result").arg(name));
        return false;
    }
    QString error;
    MapGrid grid = readSweepResult(file.readAll(), 0, &error);
    if (grid.isEmpty()) {
        m_status->setText(tr("Could not open %1: %2").arg(name, error));
        return false;
    }
    grid.source = path;
    m_job->cancel(); // the file replaces whatever was being computed
    // The controls follow the file, so that Compute redoes the same map on this machine.
    setAxes(grid.x.param, grid.x.values.front(), grid.x.values.back(), grid.y.param, grid.y.values.front(),
            grid.y.values.back());
    setOutput(grid.output);
    m_chart->setGrid(grid);
    m_status->setText(tr("%1: %2 × %3 scenarios, %4 paths each")
                          .arg(name)
                          .arg(grid.x.size())
                          .arg(grid.y.size())
                          .arg(QLocale().toString(qulonglong(grid.paths))));
    return true;
}

QString ScenarioMapView::statusText() const
{
    return m_status->text();
}

void ScenarioMapView::loadCell(int ix, int iy)
{
    const MapGrid &g = m_chart->grid();
    if (g.isEmpty())
        return;
    // Both values as one undo step: undo puts the scenario back where it was before the click.
    m_document->undoStack()->beginMacro(tr("Load a scenario from the map"));
    m_document->setValue(g.x.param, g.x.values[std::size_t(ix)]);
    m_document->setValue(g.y.param, g.y.values[std::size_t(iy)]);
    m_document->undoStack()->endMacro();
}

void ScenarioMapView::setRunning(bool running)
{
    m_compute->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
}

} // namespace jevons::ui
