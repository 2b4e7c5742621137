#include "jevons/total_effects/total_effects_view.h"

#include "jevons/session/scenario_document.h"
#include "jevons/total_effects/total_effects_chart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace jevons::ui {

namespace {

void selectData(QComboBox *combo, std::uint64_t value)
{
    int index = combo->findData(qulonglong(value));
    if (index < 0) {
        combo->addItem(QLocale().toString(qulonglong(value)), qulonglong(value));
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

TotalEffectsView::TotalEffectsView(ScenarioDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_job(new TotalEffectsJob(this)),
      m_chart(new TotalEffectsChart(this))
{
    setObjectName(QStringLiteral("totalEffectsView"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    m_compute = new QPushButton(tr("Anal&yse total effects"), this);
    m_compute->setObjectName(QStringLiteral("computeTotalEffects"));
    m_compute->setToolTip(tr("First- and total-order Sobol indices of the output chosen above, over the "
                             "scenario's uncertain inputs (a Saltelli design through the sweep library)"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelTotalEffects"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("totalEffectsProgress"));
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_compute);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    layout->addLayout(buttons);

    auto *samplesName = new QLabel(tr("Base samples:"), this);
    m_samples = new QComboBox(this);
    m_samples->setObjectName(QStringLiteral("totalEffectsSamples"));
    for (const std::uint64_t n : {32, 64, 128, 256})
        m_samples->addItem(QLocale().toString(qulonglong(n)), qulonglong(n));
    m_samples->setToolTip(tr("N: more base samples narrow the intervals; the runs grow as (k + 2) × N"));
    samplesName->setBuddy(m_samples);
    auto *pathsName = new QLabel(tr("Paths per run:"), this);
    m_paths = new QComboBox(this);
    m_paths->setObjectName(QStringLiteral("totalEffectsPaths"));
    for (const std::uint64_t n : {250, 500, 1'000, 2'000})
        m_paths->addItem(QLocale().toString(qulonglong(n)), qulonglong(n));
    m_paths->setToolTip(tr("Monte Carlo paths of each run (every run on the same random numbers)"));
    pathsName->setBuddy(m_paths);
    m_cost = new QLabel(this);
    m_cost->setObjectName(QStringLiteral("totalEffectsCost"));
    m_cost->setWordWrap(true);
    auto *design = new QHBoxLayout;
    design->addWidget(samplesName);
    design->addWidget(m_samples);
    design->addSpacing(6);
    design->addWidget(pathsName);
    design->addWidget(m_paths);
    design->addStretch();
    layout->addLayout(design);
    layout->addWidget(m_cost);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("totalEffectsStatus"));
    m_status->setWordWrap(true);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_status, 1);
    layout->addLayout(statusRow);
    layout->addWidget(m_chart, 1);
    // Modest defaults that finish in seconds on two cores: N = 64 at 500 paths per run.
    setDesign(64, 500);

    connect(m_compute, &QPushButton::clicked, this, &TotalEffectsView::compute);
    connect(m_cancel, &QPushButton::clicked, this, &TotalEffectsView::cancel);
    connect(m_samples, &QComboBox::currentIndexChanged, this, [this] { updateCost(); });
    connect(m_paths, &QComboBox::currentIndexChanged, this, [this] { updateCost(); });
    connect(m_chart, &TotalEffectsChart::hoverChanged, this,
            [this](const QString &text) { m_chart->setToolTip(text); });
    connect(m_job, &TotalEffectsJob::progressed, this, [this](quint64 done, quint64 total) {
        m_progress->setRange(0, int(std::max<quint64>(total, 1)));
        m_progress->setValue(int(done));
        m_progress->setFormat(
            tr("%1 of %2 runs")
                .arg(QLocale().toString(qulonglong(done)), QLocale().toString(qulonglong(total))));
    });
    connect(m_job, &TotalEffectsJob::finished, this, [this](const TotalEffectsPtr &result) {
        setRunning(false);
        m_chart->setResult(result);
        scenarioChanged(); // the scenario may have moved while it ran
        if (!m_chart->isStale())
            m_status->setText(tr("%1 runs of %2 paths, %3 base samples")
                                  .arg(QLocale().toString(qulonglong(result->request.runs())),
                                       QLocale().toString(qulonglong(result->request.paths)),
                                       QLocale().toString(qulonglong(result->request.baseSamples))));
        emit computed(result);
    });
    connect(m_job, &TotalEffectsJob::cancelled, this, [this] {
        setRunning(false);
        m_status->setText(m_chart->result() ? tr("Cancelled; the chart shows the previous result")
                                            : tr("Cancelled"));
        emit computeCancelled();
    });
    connect(m_job, &TotalEffectsJob::failed, this, [this](const QString &message) {
        setRunning(false);
        m_status->setText(tr("Total effects failed: %1").arg(message));
        emit computeFailed(message);
    });
    connect(m_document, &ScenarioDocument::valueChanged, this, [this] { scenarioChanged(); });
    connect(m_document, &ScenarioDocument::scenarioReplaced, this, [this] { scenarioChanged(); });
    connect(m_document, &ScenarioDocument::uncertaintyChanged, this, [this] { scenarioChanged(); });
    scenarioChanged();
}

void TotalEffectsView::setDesign(std::uint64_t baseSamples, std::uint64_t paths)
{
    selectData(m_samples, baseSamples);
    selectData(m_paths, paths);
    updateCost();
}

TotalEffectsRequest TotalEffectsView::request() const
{
    TotalEffectsRequest q;
    q.scenario = m_document->runScenario();
    q.output = m_outputSource ? m_outputSource() : defaultTotalEffectsOutput(q.scenario.steps());
    q.seed = m_seedSource ? m_seedSource() : 42;
    q.baseSamples = m_samples->currentData().toULongLong();
    q.paths = m_paths->currentData().toULongLong();
    return q;
}

TotalEffectsPtr TotalEffectsView::currentResult() const
{
    const TotalEffectsPtr &r = m_chart->result();
    return r && !m_chart->isStale() ? r : nullptr;
}

QString TotalEffectsView::statusText() const
{
    return m_status->text();
}

QString TotalEffectsView::costText() const
{
    return m_cost->text();
}

void TotalEffectsView::updateCost()
{
    const TotalEffectsRequest q = request();
    const std::size_t k = q.scenario.uncertainInputs().size();
    const QLocale locale;
    m_cost->setText(tr("Cost: (k + 2) × N = %1 runs of %2 paths (k = %3 uncertain inputs)")
                        .arg(locale.toString(qulonglong(q.runs())), locale.toString(qulonglong(q.paths)))
                        .arg(k));
}

void TotalEffectsView::scenarioChanged()
{
    updateCost();
    const Scenario now = m_document->runScenario();
    if (const TotalEffectsPtr &r = m_chart->result()) {
        const bool stale = !(r->request.scenario == now);
        m_chart->setStale(stale);
        if (stale && !isRunning())
            m_status->setText(tr("Outdated: the scenario changed after these were computed. Press Compute "
                                 "total effects again."));
    }
    if (now.uncertainInputs().size() < 2 && !m_chart->result())
        m_chart->setPlaceholder(tr("Make inputs uncertain to see total effects: at least two inputs need an "
                                   "interval (90 % range)."));
    else if (!m_chart->result())
        m_chart->setPlaceholder(tr("Press Analyse total effects to estimate each uncertain input's first- "
                                   "and total-order share of the variance."));
}

void TotalEffectsView::compute()
{
    const TotalEffectsRequest q = request();
    if (q.scenario.uncertainInputs().size() < 2) {
        m_status->setText(tr("Make inputs uncertain to see total effects: at least two inputs need an "
                             "interval (90 % range); this scenario has %1.")
                              .arg(q.scenario.uncertainInputs().size()));
        return;
    }
    m_job->start(q);
    setRunning(true);
    m_progress->setRange(0, int(q.runs()));
    m_progress->setValue(0);
    m_status->setText(tr("Computing %1 runs…").arg(QLocale().toString(qulonglong(q.runs()))));
}

void TotalEffectsView::cancel()
{
    m_job->cancel();
}

void TotalEffectsView::setRunning(bool running)
{
    m_compute->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
    if (!running && m_compute->isVisible() && m_cancel->hasFocus())
        m_compute->setFocus(); // keyboard users keep their place when Cancel greys out
}

} // namespace jevons::ui
