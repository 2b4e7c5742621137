#include "jevons/backtest_view/backtest_view.h"

#include "jevons/backtest_view/backtest_chart.h"
#include "jevons/backtest_view/backtest_scores_table.h"
#include "jevons/backtest_view/pit_histogram_chart.h"
#include "jevons/market/data_store.h"

#include <QComboBox>
#include <QDate>
#include <QFontMetrics>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace jevons::ui {

namespace {
/// The slider waits this long after the last step before it runs (keyboard repeats, a drag at rest).
constexpr int DebounceMilliseconds = 400;
constexpr std::uint64_t DefaultPaths = 20'000;
} // namespace

BacktestView::BacktestView(DataStore *store, std::function<Scenario()> scenario, QWidget *parent)
    : QWidget(parent), m_store(store), m_scenario(std::move(scenario))
{
    setObjectName(QStringLiteral("backtestView"));
    m_job = new BacktestJob(this);

    auto *controls = new QHBoxLayout;
    auto *asOfLabel = new QLabel(tr("&As of:"), this);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("backtestAsOfSlider"));
    m_slider->setAccessibleName(tr("As-of month of the backtest"));
    m_slider->setFocusPolicy(Qt::StrongFocus);
    m_slider->setPageStep(3);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(3);
    m_slider->setMinimumWidth(240);
    asOfLabel->setBuddy(m_slider);
    m_monthLabel = new QLabel(this);
    m_monthLabel->setObjectName(QStringLiteral("backtestMonthLabel"));
    QFont bold = m_monthLabel->font();
    bold.setBold(true);
    m_monthLabel->setFont(bold);
    // Wide enough for the longest month in words, so the slider does not jump as the label changes.
    m_monthLabel->setMinimumWidth(QFontMetrics(bold).horizontalAdvance(QStringLiteral("September 2026  ")));
    auto *pathsLabel = new QLabel(tr("&Paths:"), this);
    m_paths = new QComboBox(this);
    m_paths->setObjectName(QStringLiteral("backtestPaths"));
    for (std::uint64_t n : {std::uint64_t(5'000), std::uint64_t(20'000), std::uint64_t(100'000)})
        m_paths->addItem(QLocale().toString(qulonglong(n)), QVariant::fromValue(qulonglong(n)));
    m_paths->setCurrentIndex(1);
    pathsLabel->setBuddy(m_paths);
    auto *seedLabel = new QLabel(tr("S&eed:"), this);
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("backtestSeed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(42);
    seedLabel->setBuddy(m_seed);
    m_runButton = new QPushButton(tr("&Run backtest"), this);
    m_runButton->setObjectName(QStringLiteral("backtestRun"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("backtestCancel"));
    m_cancelButton->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(160);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->hide();
    controls->addWidget(asOfLabel);
    controls->addWidget(m_slider, 1);
    controls->addWidget(m_monthLabel);
    // The run's settings and buttons on a second row: one row leaves the slider no room at 1280 pixels.
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(pathsLabel);
    runRow->addWidget(m_paths);
    runRow->addWidget(seedLabel);
    runRow->addWidget(m_seed);
    runRow->addSpacing(12);
    runRow->addWidget(m_runButton);
    runRow->addWidget(m_cancelButton);
    runRow->addWidget(m_progress);
    runRow->addStretch(1);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("backtestStatus"));
    m_status->setWordWrap(true);

    auto *grid = new QWidget(this);
    auto *gridLayout = new QGridLayout(grid);
    gridLayout->setContentsMargins(0, 0, 0, 0);
    gridLayout->setSpacing(4);
    for (const backtest::Mapping &m : backtest::mappings()) {
        auto *chart = new BacktestChart(m.id, grid);
        gridLayout->addWidget(chart, int(m_charts.size()) / 2, int(m_charts.size()) % 2);
        m_charts.append(chart);
    }
    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->setObjectName(QStringLiteral("backtestBottomSplitter"));
    m_scores = new BacktestScoresTable(bottom);
    m_pit = new PitHistogramChart(bottom);
    bottom->addWidget(m_scores);
    bottom->addWidget(m_pit);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("backtestSplitter"));
    split->addWidget(grid);
    split->addWidget(bottom);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 2);
    split->setSizes({650, 260});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 4);
    layout->addLayout(controls);
    layout->addLayout(runRow);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMilliseconds);
    connect(m_debounce, &QTimer::timeout, this, &BacktestView::run);
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        updateMonthLabel();
        if (!m_slider->isSliderDown())
            m_debounce->start();
    });
    connect(m_slider, &QSlider::sliderReleased, this, [this] { m_debounce->start(0); });
    connect(m_runButton, &QPushButton::clicked, this, &BacktestView::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &BacktestView::cancel);
    connect(m_job, &BacktestJob::progressed, this, [this](quint64 done, quint64 total) {
        m_progress->setValue(total ? int(1000.0 * double(done) / double(total)) : 0);
    });
    connect(m_job, &BacktestJob::finished, this, [this](BacktestPtr result) {
        setRunning(false);
        display(std::move(result));
        emit backtestFinished();
    });
    connect(m_job, &BacktestJob::cancelled, this, [this] {
        setRunning(false);
        m_status->setText(m_result ? tr("Cancelled: the backtest from %1 is still shown.")
                                         .arg(monthInWords(m_result->calibration.asOf))
                                   : tr("Cancelled."));
        emit backtestCancelled();
    });
    connect(m_job, &BacktestJob::failed, this, [this](const QString &message) {
        setRunning(false);
        m_status->setText(tr("The backtest failed: %1").arg(message));
        emit backtestFailed(message);
    });
    if (m_store)
        connect(m_store, &DataStore::changed, this, [this] {
            // The allowed months and every score rest on the data: what is shown no longer holds.
            m_job->cancel();
            updateAllowed();
            display(nullptr);
        });
    updateAllowed();
    display(nullptr);
}

QList<ChartPanel *> BacktestView::charts() const
{
    QList<ChartPanel *> all;
    for (BacktestChart *c : m_charts)
        all.append(c);
    all.append(m_pit);
    return all;
}

QString BacktestView::monthInWords(backtest::MonthIndex month)
{
    return QLocale().toString(QDate(backtest::yearOf(month), backtest::monthOf(month), 1),
                              QStringLiteral("MMMM yyyy"));
}

void BacktestView::updateAllowed()
{
    const backtest::MonthIndex previous = m_allowed.any ? asOf() : 0;
    m_allowed = m_store ? backtest::allowedMonths(m_store->dataset(), backtest::RowDating::Described)
                        : backtest::AllowedMonths{};
    const QSignalBlocker block(m_slider);
    m_slider->setEnabled(m_allowed.any);
    m_runButton->setEnabled(m_allowed.any);
    if (!m_allowed.any) {
        m_slider->setRange(0, 0);
        m_status->setText(
            tr("The dataset allows no backtest: %1").arg(QString::fromStdString(m_allowed.describe())));
        updateMonthLabel();
        return;
    }
    m_slider->setRange(0, m_allowed.last - m_allowed.first);
    // A start a year before the last observation leaves a year of points to score.
    const backtest::MonthIndex start = previous ? previous : m_allowed.last - 12;
    m_slider->setValue(std::clamp(start, m_allowed.first, m_allowed.last) - m_allowed.first);
    m_slider->setToolTip(
        tr("Months the dataset allows: %1").arg(QString::fromStdString(m_allowed.describe())));
    updateMonthLabel();
}

backtest::MonthIndex BacktestView::asOf() const
{
    return m_allowed.first + m_slider->value();
}

void BacktestView::setAsOf(backtest::MonthIndex month)
{
    const QSignalBlocker block(m_slider);
    m_slider->setValue(month - m_allowed.first);
    updateMonthLabel();
}

SimulationSettings BacktestView::settings() const
{
    SimulationSettings s;
    s.paths = m_paths->currentData().toULongLong();
    s.seed = std::uint64_t(m_seed->value());
    return s;
}

void BacktestView::setSettings(std::uint64_t paths, std::uint64_t seed)
{
    int index = m_paths->findData(QVariant::fromValue(qulonglong(paths)));
    if (index < 0) {
        m_paths->addItem(QLocale().toString(qulonglong(paths)), QVariant::fromValue(qulonglong(paths)));
        index = m_paths->count() - 1;
    }
    m_paths->setCurrentIndex(index);
    m_seed->setValue(int(std::min<std::uint64_t>(seed, std::uint64_t(std::numeric_limits<int>::max()))));
}

bool BacktestView::isRunning() const
{
    return m_job->isRunning();
}

void BacktestView::updateMonthLabel()
{
    const QString words = m_allowed.any ? monthInWords(asOf()) : tr("none");
    m_monthLabel->setText(words);
    // Screen readers read the month, not the slider's position.
    m_slider->setAccessibleDescription(words);
}

void BacktestView::run()
{
    m_debounce->stop();
    if (!m_allowed.any || !m_store)
        return;
    backtest::BacktestOptions options;
    options.settings = settings();
    setRunning(true);
    m_status->setText(tr("Running the backtest from %1 on %2 paths…")
                          .arg(monthInWords(asOf()), QLocale().toString(qulonglong(options.settings.paths))));
    m_job->start(m_store->dataset(), m_scenario ? m_scenario() : Scenario(), asOf(), options);
}

void BacktestView::cancel()
{
    m_debounce->stop();
    m_job->cancel();
}

void BacktestView::setRunning(bool running)
{
    m_cancelButton->setEnabled(running);
    m_progress->setVisible(running);
    if (running)
        m_progress->setValue(0);
}

void BacktestView::display(BacktestPtr result)
{
    m_result = std::move(result);
    for (BacktestChart *c : m_charts)
        c->setBacktest(m_result);
    m_pit->setBacktest(m_result);
    m_scores->setBacktest(m_result);
    if (m_result)
        m_status->setText(tr("Started in %1 from the data known then (scenario “%2”, %3 paths, seed %4); "
                             "every point after it is scored.")
                              .arg(monthInWords(m_result->calibration.asOf),
                                   QString::fromStdString(m_result->calibration.scenario.name),
                                   QLocale().toString(qulonglong(m_result->run.settings.paths)),
                                   QString::number(m_result->run.settings.seed)));
    else if (m_allowed.any)
        m_status->setText(tr("Months the dataset allows: %1. Move the slider (or use the arrow keys) to "
                             "start the model at a past month.")
                              .arg(QString::fromStdString(m_allowed.describe())));
}

void BacktestView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The first look at the tab runs one: an empty page says less than a backtest does.
    if (!m_shownOnce && !m_result && !isRunning()) {
        m_shownOnce = true;
        QTimer::singleShot(0, this, &BacktestView::run);
    }
}

} // namespace jevons::ui
