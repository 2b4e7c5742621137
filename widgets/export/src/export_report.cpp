#include "jevons/export/export_report.h"

#include "jevons/backtest_view/backtest_chart.h"
#include "jevons/backtest_view/pit_histogram_chart.h"
#include "jevons/charts/chart_factory.h"
#include "jevons/export/export_figure.h"
#include "jevons/market/number_format.h"
#include "jevons/scenario_map/map_grid.h"
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/total_effects/total_effects_chart.h"

#include "jevons/backtest/backtest.h"
#include "jevons/dataset/dataset.h"

#include "report_layout.h"

#include <QBuffer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QLocale>
#include <QMap>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>
#include <vector>

namespace jevons::ui {

using namespace report_detail;

namespace {

QString number(double value, int significant = 4)
{
    return formatCompact(value, significant);
}

QString englishCount(std::uint64_t n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(qulonglong(n));
}

/// Parameter values as in the scenario file, with up to 6 significant digits.
QString paramValue(double v)
{
    return QString::number(v, 'g', 6);
}

/// A parameter value in its unit, short: "$26250", "1.5 ×/yr", "0.75" (ratios bare).
QString paramWithUnit(double v, const QString &unit)
{
    if (unit.startsWith(QLatin1String("USD")) && shortUnit(unit) == QLatin1String("$"))
        return QLatin1Char('$') + paramValue(v);
    const QString u = shortUnit(unit);
    return u.isEmpty() ? paramValue(v) : paramValue(v) + QLatin1Char(' ') + u;
}

QString seriesHeading(Series s)
{
    const SeriesInfo &info = seriesInfo(s);
    return QStringLiteral("%1 (%2)").arg(QString::fromUtf8(info.label), QString::fromUtf8(info.unit));
}

/// Yearly steps 0, 12, 24, ... and the horizon when it is not a whole year.
std::vector<int> yearlySteps(int steps)
{
    std::vector<int> out;
    for (int k = 0; k <= steps; k += 12)
        out.push_back(k);
    if (out.back() != steps)
        out.push_back(steps);
    return out;
}

/// A share of the variance in percent, one decimal ("12.3"; "-0.4" where correlated shares overlap).
QString sharePercent(double share)
{
    return QString::number(100 * share, 'f', 1);
}

/// A backtest's coverage in percent, one decimal ("62.5 %"); "–" when nothing was scored.
QString coveragePercent(double share)
{
    return std::isfinite(share) ? QStringLiteral("%1 %").arg(100 * share, 0, 'f', 1) : QStringLiteral("–");
}

/// A score with three decimals; "–" when nothing was scored.
QString score(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("–");
}

/// The uncertain inputs per table of the "What drives the uncertainty" section: with Month, Step and "Not
/// explained", nine columns at most fit the text width at 7.5 pt.
constexpr std::size_t SharesPerTable = 6;

/// "Apr 2031" for "2031-04" (the report's months are in English); the label itself if it is no month.
QString englishMonth(const QString &label)
{
    const QDate date = QDate::fromString(label + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd"));
    return date.isValid()
               ? QLocale(QLocale::English, QLocale::UnitedStates).toString(date, QStringLiteral("MMM yyyy"))
               : label;
}

/// "2024-05, 2025-01" or, for many, "2023-01 … 2026-02 (7 dates)".
QString asOfSummary(QStringList dates)
{
    dates.sort();
    dates.removeDuplicates();
    if (dates.size() <= 3)
        return dates.join(QStringLiteral(", "));
    return QObject::tr("%1 … %2 (%3 dates)").arg(dates.first(), dates.last()).arg(dates.size());
}

} // namespace

QString reportPageName(ReportPage page)
{
    return page == ReportPage::Letter ? QStringLiteral("letter") : QStringLiteral("a4");
}

bool parseReportPage(const QString &name, ReportPage *out)
{
    if (name.compare(QLatin1String("a4"), Qt::CaseInsensitive) == 0) {
        *out = ReportPage::A4;
        return true;
    }
    if (name.compare(QLatin1String("letter"), Qt::CaseInsensitive) == 0) {
        *out = ReportPage::Letter;
        return true;
    }
    return false;
}

SensitivityResult runReportSensitivity(const SimulationResult &result, const ProgressFn &progress)
{
    SimulationSettings settings = result.settings;
    settings.paths = std::min(settings.paths, ReportSensitivityMaxPaths);
    return sensitivity(result.scenario, settings, SensitivityRequest{}, progress);
}

// ---------------------------------------------------------------------------------------------------------

struct ReportWriter::Private : ReportLayout {
    ReportInputs inputs;
    ReportOptions options;
    std::vector<std::unique_ptr<ChartPanel>> charts;         ///< without the headline tiles (a table here)
    std::vector<std::unique_ptr<ChartPanel>> backtestCharts; ///< one per scored series, the PIT histogram
    std::unique_ptr<ScenarioMapChart> mapChart;
    QList<ReportSection> present; ///< the sections of this report, in order
    QList<std::pair<QString, std::function<void()>>> steps;
    int next = 0;
    QString error;
    bool finished = false;

    QByteArray bytes;
    QBuffer buffer{&bytes};
    std::unique_ptr<QPdfWriter> writer; ///< the PDF in memory, unless the pages go to `device` (printing)
    /// "3  Charts": the section's number among those present (the appendix has none).
    QString sectionHeading(ReportSection s) const
    {
        const QString title = sectionTitle(s);
        if (s == ReportSection::Appendix)
            return title;
        return QStringLiteral("%1  %2").arg(present.indexOf(s) + 1).arg(title);
    }

    // --- sections ----------------------------------------------------------------------------------------

    const SimulationResult &result() const { return inputs.result; }
    const data::Dataset &dataset() const { return inputs.dataset ? *inputs.dataset : bundledDataset(); }

    void begin()
    {
        const QPageSize size(options.page == ReportPage::Letter ? QPageSize::Letter : QPageSize::A4);
        if (!device) {
            buffer.open(QIODevice::WriteOnly);
            writer = std::make_unique<QPdfWriter>(&buffer);
            writer->setResolution(qRound(layoutDpi()));
            writer->setCreator(QStringLiteral("Jevons %1").arg(QString::fromLatin1(versionString())));
            writer->setTitle(QObject::tr("Jevons scenario report: %1")
                                 .arg(QString::fromStdString(result().scenario.name)));
            writer->setPageLayout(QPageLayout(size, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
            device = writer.get();
        } else {
            // A printer (File > Print…): the paper size of the options; its margins are the caller's.
            device->setPageSize(size);
            device->setPageOrientation(QPageLayout::Portrait);
        }
        if (!painter.begin(device)) {
            error = QObject::tr("could not start the PDF drawing");
            return;
        }
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        page = QRectF(0, 0, device->width(), device->height());
        content = page.adjusted(mm(18), mm(16), -mm(18), -mm(22));
        const QLocale english(QLocale::English, QLocale::UnitedStates);
        footerText =
            QObject::tr("Jevons %1 · scenario “%2” · %3 paths · seed %4")
                .arg(QString::fromLatin1(versionString()), QString::fromStdString(result().scenario.name),
                     englishCount(result().settings.paths))
                .arg(result().settings.seed);
    }

    void cover()
    {
        begin();
        if (!error.isEmpty())
            return;
        startPage();
        const SimulationResult &r = result();
        const QDate date = inputs.date.isValid() ? inputs.date : QDate::currentDate();
        const QLocale english(QLocale::English, QLocale::UnitedStates);

        painter.fillRect(QRectF(page.left(), page.top(), page.width(), mm(8)), Accent);
        y = content.top() + content.height() * 0.16;
        paragraph(QObject::tr("Jevons scenario report"), 26, Ink, true);
        paragraph(QObject::tr("Monte Carlo outlook for the AI-compute market"), 13, Muted);
        y += mm(8);
        paragraph(QObject::tr("Scenario: %1").arg(QString::fromStdString(r.scenario.name)), 17, Accent, true);
        paragraph(english.toString(date, QStringLiteral("d MMMM yyyy")), 12, Ink);
        if (!r.scenario.notes.empty()) {
            y += mm(2);
            paragraph(QString::fromStdString(r.scenario.notes), 10, Ink); // the user's own words first
        }
        y += mm(10);

        const QStringList differences = scenarioDifferences(r.scenario);
        Table facts;
        facts.headers = {QObject::tr("Run"), QString()};
        facts.widths = {0.3, 0.7};
        const int T = r.steps;
        facts.rows = {
            {QObject::tr("Period"), QObject::tr("%1 to %2 (%3 months)")
                                        .arg(monthName(r.scenario, 0), monthName(r.scenario, T))
                                        .arg(T)},
            {QObject::tr("Monte Carlo paths"), englishCount(r.settings.paths)},
            {QObject::tr("Seed"), QString::number(r.settings.seed)},
            {QObject::tr("Backend"), QString::fromStdString(r.backendLabel)},
            {QObject::tr("Changed from the Base case"), differences.isEmpty()
                                                            ? QObject::tr("nothing: Base case parameters")
                                                            : differences.join(QStringLiteral("; "))},
            {QObject::tr("Dataset as of"), datasetAsOf(dataset())},
            {QObject::tr("Application"),
             QStringLiteral("Jevons %1").arg(QString::fromLatin1(versionString()))},
        };
        if (inputs.baseline)
            facts.rows.append({QObject::tr("Baseline drawn in the charts"),
                               QString::fromStdString(inputs.baseline->scenario.name)});
        if (!r.notice.empty())
            facts.rows.append({QObject::tr("Notice"), QString::fromStdString(r.notice)});
        table(facts, 9.5);

        y += mm(6);
        paragraph(QObject::tr("Contents"), 11, Ink, true);
        for (ReportSection s : present)
            paragraph(sectionHeading(s), 9.5);
        y += mm(6);
        const QString backtestOption =
            inputs.backtest
                ? QStringLiteral(" --backtest-as-of %1")
                      .arg(QString::fromStdString(backtest::monthLabel(inputs.backtest->calibration.asOf)))
                : QString();
        paragraph(
            QObject::tr(
                "Reproduce with: jevons report --scenario SCENARIO.json --paths %1 --seed %2 --page %3%4 "
                "(the scenario file holds the parameters above).")
                .arg(r.settings.paths)
                .arg(r.settings.seed)
                .arg(reportPageName(options.page), backtestOption),
            8, Muted);
    }

    void parameters()
    {
        startPage();
        heading(sectionHeading(ReportSection::Parameters), 1);
        paragraph(
            QObject::tr(
                "Every parameter of the model with its Base case default and the value in this scenario. "
                "Highlighted rows differ from the Base case."),
            9, Muted);
        Table t;
        t.headers = {QObject::tr("Parameter"), QObject::tr("Symbol"),        QObject::tr("Unit"),
                     QObject::tr("Base case"), QObject::tr("This scenario"), QObject::tr("Allowed range")};
        t.widths = {0.30, 0.09, 0.19, 0.12, 0.13, 0.17};
        t.rightAligned = {false, false, false, true, true, true};
        const Scenario base;
        for (const ParamInfo &info : paramTable()) {
            const double value = result().scenario[info.id];
            t.rows.append(
                {QString::fromUtf8(info.label), QString::fromUtf8(info.symbol), QString::fromUtf8(info.unit),
                 paramValue(base[info.id]), paramValue(value),
                 QStringLiteral("%1 – %2").arg(paramValue(info.minValue), paramValue(info.maxValue))});
            t.highlight.append(value != base[info.id]);
        }
        table(t);
        const Scenario &s = result().scenario;
        if (s.startYear != base.startYear || s.startMonth != base.startMonth)
            paragraph(
                QObject::tr("Start month: %1 (Base case %2).")
                    .arg(QString::fromStdString(s.monthLabel(0)), QString::fromStdString(base.monthLabel(0))),
                9, Ink, true);
        uncertainInputs(s);
    }

    /// The scenario's uncertain inputs (their 90 % intervals) and the rank correlations between them
    /// (docs/model.md, "Uncertain inputs"), so that a reader can reproduce the fans.
    void uncertainInputs(const Scenario &s)
    {
        const std::vector<Param> uncertain = s.uncertainInputs();
        if (uncertain.empty()) {
            paragraph(QObject::tr("Every input is certain: the fans show only the model's own randomness."),
                      9, Muted);
            return;
        }
        heading(QObject::tr("Uncertain inputs"), 2, mm(12));
        paragraph(
            QObject::tr("Each value above is the median of its input; p5 and p95 bound its 90 % interval "
                        "(a 1 in 20 chance below p5, and 1 in 20 above p95)."),
            9, Muted);
        Table t;
        t.headers = {QObject::tr("Parameter"), QObject::tr("Unit"), QObject::tr("p5"),
                     QObject::tr("Median"),    QObject::tr("p95"),  QObject::tr("Scale")};
        t.widths = {0.32, 0.20, 0.12, 0.12, 0.12, 0.12};
        t.rightAligned = {false, false, true, true, true, false};
        for (Param p : uncertain) {
            const ParamInfo &info = paramInfo(p);
            const Interval &interval = *s.intervals[std::size_t(p)];
            t.rows.append(
                {QString::fromUtf8(info.label), QString::fromUtf8(info.unit), paramValue(interval.p5),
                 paramValue(s[p]), paramValue(interval.p95),
                 interval.scale == IntervalScale::Log ? QObject::tr("log") : QObject::tr("linear")});
        }
        table(t);
        if (s.correlations.empty()) {
            paragraph(QObject::tr("No correlations: the uncertain inputs are drawn independently."), 9,
                      Muted);
            return;
        }
        Table c;
        c.headers = {QObject::tr("Input"), QObject::tr("Input"), QObject::tr("Rank correlation")};
        c.widths = {0.38, 0.38, 0.24};
        c.rightAligned = {false, false, true};
        for (const RankCorrelation &pair : s.correlations)
            c.rows.append({QString::fromUtf8(paramInfo(pair.first).label),
                           QString::fromUtf8(paramInfo(pair.second).label), paramValue(pair.rank)});
        heading(QObject::tr("Correlations between uncertain inputs"), 2, mm(12));
        table(c);
    }

    void headline()
    {
        const SimulationResult &r = result();
        const int T = r.steps;
        heading(sectionHeading(ReportSection::Headline), 1, mm(30));
        paragraph(QObject::tr(
                      "At the horizon (%1): median (p50) of the Monte Carlo paths and the range holding 90 % "
                      "of them (p5 to p95)%2.")
                      .arg(monthName(r.scenario, T),
                           inputs.baseline ? QObject::tr(", with the pinned baseline's median") : QString()),
                  9, Muted);
        Table t;
        t.headers = {QObject::tr("Quantity"), QObject::tr("Unit"), QObject::tr("p5"), QObject::tr("p50"),
                     QObject::tr("p95")};
        t.widths = {0.30, 0.28, 0.14, 0.14, 0.14};
        if (inputs.baseline) {
            t.headers << QObject::tr("Baseline p50");
            t.widths = {0.26, 0.24, 0.125, 0.125, 0.125, 0.125};
        }
        t.rightAligned = {false, false, true, true, true, true};
        for (const SeriesInfo &info : seriesTable()) {
            QStringList row = {QString::fromUtf8(info.label), QString::fromUtf8(info.unit),
                               number(r.value(info.id, Stat::P5, T)), number(r.value(info.id, Stat::P50, T)),
                               number(r.value(info.id, Stat::P95, T))};
            if (inputs.baseline)
                row << number(inputs.baseline->value(info.id, Stat::P50, inputs.baseline->steps));
            t.rows.append(row);
        }
        QStringList shortage = {
            QObject::tr("Probability of a shortage"), QObject::tr("% of paths"), QString(),
            QString::number(100 * r.shortageProbability[std::size_t(T)], 'f', 1), QString()};
        if (inputs.baseline)
            shortage << QString::number(
                100 * inputs.baseline->shortageProbability[std::size_t(inputs.baseline->steps)], 'f', 1);
        t.rows.append(shortage);
        table(t);
    }

    void chartsHeading()
    {
        startPage();
        heading(sectionHeading(ReportSection::Charts), 1);
        paragraph(QObject::tr(
                      "Each chart as in the dashboard: shaded bands hold 90 % (p5–p95) and 50 % (p25–p75) of "
                      "the paths, the line is the median."),
                  9, Muted);
    }

    /// A chart with its title and caption, two a page; `heightShare`: of the page's text height instead.
    void chart(ChartPanel *panel, qreal heightShare = 0)
    {
        const Text title = layoutText(panel->title(), reportFont(11, true), content.width());
        QString description = panel->caption();
        if (description == panel->title())
            description.clear();
        const Text text = layoutText(description, reportFont(8), content.width());
        // Two charts a page; the tornado gets most of a page, or its fifteen parameter names are elided.
        const bool tall = panel->chartId() == QLatin1String("sensitivity");
        const qreal chartHeight = heightShare > 0 ? content.height() * heightShare
                                  : tall          ? content.height() * 0.72
                                                  : std::min(content.width() * 0.56, content.height() * 0.42);
        ensure(mm(3) + title.height + text.height + chartHeight);
        if (y > content.top())
            y += mm(3);
        drawText(title, QPointF(content.left(), y), Ink);
        y += title.height;
        if (!description.isEmpty()) {
            drawText(text, QPointF(content.left(), y), Muted);
            y += text.height;
        }
        y += mm(1);
        const QRectF target(content.left(), y, content.width(), chartHeight);
        paintChart(&painter, panel, target);
        painter.setPen(QPen(Rule, 0.5));
        painter.drawRect(target);
        y += chartHeight + mm(2);
    }

    void percentiles()
    {
        const SimulationResult &r = result();
        startPage();
        heading(sectionHeading(ReportSection::Percentiles), 1);
        paragraph(
            QObject::tr(
                "Percentiles of every output over the Monte Carlo paths at each whole year from the start "
                "month (and the horizon). Values in the unit of each heading; k, M, B, T are thousand, "
                "million, billion, trillion."),
            9, Muted);
        const std::vector<int> reportSteps = yearlySteps(r.steps);
        for (const SeriesInfo &info : seriesTable()) {
            Table t;
            t.headers = {QObject::tr("Month"), QObject::tr("Step"), QObject::tr("p5"),  QObject::tr("p25"),
                         QObject::tr("p50"),   QObject::tr("p75"),  QObject::tr("p95"), QObject::tr("Mean")};
            t.widths = {0.16, 0.09, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125};
            t.rightAligned = {false, true, true, true, true, true, true, true};
            for (int k : reportSteps) {
                QStringList row = {monthName(r.scenario, k), QString::number(k)};
                for (Stat s : {Stat::P5, Stat::P25, Stat::P50, Stat::P75, Stat::P95, Stat::Mean})
                    row << number(r.value(info.id, s, k));
                t.rows.append(row);
            }
            heading(seriesHeading(info.id), 2, mm(12));
            table(t, 7.5);
        }
        Table t;
        t.headers = {QObject::tr("Month"), QObject::tr("Step"),
                     QObject::tr("Paths with demand above supply")};
        t.widths = {0.16, 0.09, 0.75};
        t.rightAligned = {false, true, true};
        for (int k : reportSteps)
            t.rows.append(
                {monthName(r.scenario, k), QString::number(k),
                 QStringLiteral("%1 %").arg(100 * r.shortageProbability[std::size_t(k)], 0, 'f', 1)});
        heading(QObject::tr("Probability of a shortage (% of paths)"), 2, mm(12));
        table(t, 7.5);
    }

    /// The variance shares at yearly steps (docs/model.md, "Variance shares"): what each uncertain input
    /// explains of the spread of one series, and what none explains alone.
    void uncertainty()
    {
        const SimulationResult &r = result();
        const VarianceShares &v = *r.varianceShares;
        const SeriesInfo &info = seriesInfo(v.series);
        startPage();
        heading(sectionHeading(ReportSection::Uncertainty), 1);
        paragraph(
            QObject::tr(
                "How much of the spread of the %1 each uncertain input explains, month by month: its "
                "first-order share of the variance of ln(%2) over the Monte Carlo paths, i.e. the part of "
                "the "
                "spread that knowing this input alone would remove. \u201cNot explained\u201d is the rest, 1 "
                "minus "
                "the sum of the shares: the model's own randomness (process noise) and interactions between "
                "inputs, which no single input accounts for. The chart \u201c%3\u201d in section %4 shows "
                "the "
                "same shares over every month.")
                .arg(QString::fromUtf8(info.label).toLower(), QString::fromUtf8(info.key),
                     QObject::tr("What drives the uncertainty"))
                .arg(present.indexOf(ReportSection::Charts) + 1),
            9, Muted);
        if (v.correlated)
            paragraph(
                QObject::tr("Some uncertain inputs are correlated (see the parameters): their shares "
                            "overlap, since each counts what it moves together with its partners, so the "
                            "shares may sum above 100 % and \u201cNot explained\u201d may be negative."),
                9, Ink, true);
        std::vector<int> reportSteps = yearlySteps(r.steps);
        // Step 0 is the start: every share is 0 there by definition (docs/model.md).
        reportSteps.erase(reportSteps.begin());
        paragraph(
            QObject::tr("Shares in % of the variance of ln(%1) (%2) at each whole year from the start "
                        "month and at the horizon; at the start (step 0) every share is 0 by definition.")
                .arg(QString::fromUtf8(info.key), QString::fromUtf8(info.unit)),
            8, Muted);
        const std::size_t n = v.inputs.size();
        if (n == 0)
            return;
        const std::size_t tables = (n + SharesPerTable - 1) / SharesPerTable;
        const std::size_t perTable = (n + tables - 1) / tables; // spread evenly: 9 inputs are 5 + 4
        for (std::size_t first = 0; first < n; first += perTable) {
            const std::size_t last = std::min(n, first + perTable);
            const bool withRest = last == n;
            Table t;
            t.headers = {QObject::tr("Month"), QObject::tr("Step")};
            t.rightAligned = {false, true};
            for (std::size_t j = first; j < last; ++j) {
                t.headers << QString::fromUtf8(paramInfo(v.inputs[j]).label);
                t.rightAligned << true;
            }
            if (withRest) {
                t.headers << QObject::tr("Not explained");
                t.rightAligned << true;
            }
            const int valueColumns = int(t.headers.size()) - 2;
            const qreal fixed = 0.12 + 0.07;
            t.widths = {0.12, 0.07};
            for (int c = 0; c < valueColumns; ++c)
                t.widths << (1 - fixed) / valueColumns;
            for (int k : reportSteps) {
                QStringList row = {monthName(r.scenario, k), QString::number(k)};
                for (std::size_t j = first; j < last; ++j)
                    row << sharePercent(v.shares[j][std::size_t(k)]);
                if (withRest)
                    row << sharePercent(v.unexplained[std::size_t(k)]);
                t.rows.append(row);
            }
            if (tables > 1)
                heading(QObject::tr("Inputs %1 to %2 of %3%4")
                            .arg(first + 1)
                            .arg(last)
                            .arg(n)
                            .arg(withRest ? QObject::tr(", and what none explains") : QString()),
                        2, mm(12));
            table(t, 7.5);
        }
    }

    void backtestSection()
    {
        const backtest::BacktestResult &b = *inputs.backtest;
        startPage();
        heading(sectionHeading(ReportSection::Backtest), 1);
        const QString asOf = monthName(b.calibration.scenario, 0);
        const int horizon = b.run.steps;
        paragraph(
            QObject::tr("As of %1 (%2), scenario \u201c%3\u201d: the model started in that month from "
                        "only the data known then (the calibrated start; every other parameter as in the "
                        "scenario), ran %4 months forward (%5 paths, seed %6), and its fans are scored "
                        "against the observations that came after (docs/model.md, \u201cBacktest\u201d; "
                        "rows dated as %7).")
                .arg(asOf, QString::fromStdString(backtest::monthLabel(b.calibration.asOf)),
                     QString::fromStdString(b.calibration.scenario.name))
                .arg(horizon)
                .arg(englishCount(b.run.settings.paths))
                .arg(b.run.settings.seed)
                .arg(QString::fromLatin1(backtest::datingName(b.calibration.dating))),
            9, Muted);
        Table t;
        t.headers = {QObject::tr("Series"),
                     QObject::tr("Points"),
                     QObject::tr("Coverage 50 % (ideal 50 %)"),
                     QObject::tr("Coverage 90 % (ideal 90 %)"),
                     QObject::tr("Mean CRPS (of ln value)"),
                     QObject::tr("Mean PIT (ideal 0.5)")};
        t.widths = {0.40, 0.08, 0.13, 0.13, 0.13, 0.13};
        t.rightAligned = {false, true, true, true, true, true};
        auto addRow = [&t](const QString &name, const backtest::ScoreSummary &s, bool bold) {
            t.rows.append({name, QString::number(s.points), coveragePercent(s.coverage50),
                           coveragePercent(s.coverage90), score(s.crpsMean, 3), score(s.meanPit, 2)});
            t.highlight.append(bold);
        };
        for (const backtest::Mapping &m : backtest::mappings()) {
            const auto it = b.bySeries.find(m.id);
            if (it != b.bySeries.end())
                addRow(QString::fromStdString(m.label), it->second, false);
        }
        addRow(QObject::tr("All series"), b.summary, true);
        heading(QObject::tr("Scores"), 2, mm(12));
        table(t, 8);
        paragraph(QString::fromStdString(b.summary.reading), 9, Ink);
        if (!b.calibration.notes.empty()) {
            QStringList notes;
            for (const std::string &note : b.calibration.notes)
                notes << QString::fromStdString(note);
            paragraph(QObject::tr("Calibration notes: %1").arg(notes.join(QStringLiteral("; "))), 8, Muted);
        }
        if (backtestCharts.empty())
            paragraph(
                QObject::tr("No series has an observation after %1 within the horizon: nothing to draw.")
                    .arg(asOf),
                9, Muted);
    }

    void scenarioMapSection()
    {
        const MapGrid &g = *inputs.scenarioMap;
        startPage();
        heading(sectionHeading(ReportSection::ScenarioMap), 1);
        auto axis = [](const MapAxis &a) {
            const ParamInfo &info = paramInfo(a.param);
            const QString unit = QString::fromUtf8(info.unit);
            return QObject::tr("%1 (%2) from %3 to %4 in %5 steps%6")
                .arg(QString::fromUtf8(info.label), unit, paramValue(a.values.front()),
                     paramValue(a.values.back()))
                .arg(a.size())
                .arg(a.spacing == sweep::Spacing::Log ? QObject::tr(", log-spaced") : QString());
        };
        paragraph(
            QObject::tr("Across: %1; up: %2; colour: %3 in %4, every other parameter as in the scenario "
                        "of the map's run.")
                .arg(axis(g.x), axis(g.y), outputLabel(g.output), englishMonth(g.monthLabel)),
            9, Muted);
        chart(mapChart.get(), 0.62);
    }

    void sensitivityRanking()
    {
        const SensitivityResult &s = *inputs.sensitivity;
        const SimulationResult &r = result();
        startPage();
        heading(sectionHeading(ReportSection::Sensitivity), 1);
        const SeriesInfo &info = seriesInfo(s.series);
        const int step = s.step >= 0 ? s.step : r.steps;
        paragraph(
            QObject::tr(
                "How far the %1 of %2 in %3 moves when each parameter goes to its low and its high value "
                "(its value −/+ 25 %, kept within its allowed range), every run on the same random numbers. "
                "Largest swing first. In this scenario the %1 is %4%5.")
                .arg(QString::fromLatin1(statKey(s.stat)), QString::fromUtf8(info.label).toLower(),
                     monthName(r.scenario, step), number(s.baseOutput),
                     QString::fromUtf8(info.unit) == QLatin1String("ratio")
                         ? QString()
                         : QLatin1Char(' ') + QString::fromUtf8(info.unit)),
            9, Muted);
        Table t;
        t.headers = {QObject::tr("#"),          QObject::tr("Parameter"),     QObject::tr("Low value"),
                     QObject::tr("High value"), QObject::tr("Output at low"), QObject::tr("Output at high"),
                     QObject::tr("Swing")};
        t.widths = {0.05, 0.31, 0.12, 0.12, 0.14, 0.14, 0.12};
        t.rightAligned = {true, false, true, true, true, true, true};
        int rank = 0;
        for (const SensitivityEntry &e : s.entries) {
            const ParamInfo &p = paramInfo(e.param);
            const QString unit = QString::fromUtf8(p.unit);
            t.rows.append({QString::number(++rank), QString::fromUtf8(p.label),
                           paramWithUnit(e.lowValue, unit), paramWithUnit(e.highValue, unit),
                           number(e.outputAtLow), number(e.outputAtHigh), number(e.swing())});
        }
        table(t);
    }

    /// Total effects, when the window computed them for this scenario: the chart, what it took and the
    /// indices with their intervals.
    void totalEffects()
    {
        if (!inputs.totalEffects)
            return;
        startPage();
        heading(sectionHeading(ReportSection::TotalEffects), 1);
        TotalEffectsChart chart;
        chart.setResult(inputs.totalEffects);
        paragraph(chart.caption(), 9, Muted);
        const qreal chartHeight = std::min(content.width() * 0.62, content.height() * 0.5);
        ensure(chartHeight + mm(4));
        const QRectF target(content.left(), y + mm(1), content.width(), chartHeight);
        paintChart(&painter, &chart, target);
        painter.setPen(QPen(Rule, 0.5));
        painter.drawRect(target);
        y = target.bottom() + mm(4);
        auto share = [](double v) { return QString::number(100 * v, 'f', 1) + QStringLiteral(" %"); };
        Table t;
        t.headers = {QObject::tr("#"),
                     QObject::tr("Uncertain input"),
                     QObject::tr("First order S1"),
                     QObject::tr("S1 90 % interval"),
                     QObject::tr("Total order ST"),
                     QObject::tr("ST 90 % interval")};
        t.widths = {0.05, 0.35, 0.13, 0.17, 0.13, 0.17};
        t.rightAligned = {true, false, true, true, true, true};
        int rank = 0;
        for (const sweep::SobolIndex &i : inputs.totalEffects->ranked())
            t.rows.append({QString::number(++rank), QString::fromUtf8(paramInfo(i.input).label),
                           share(i.first), share(i.firstLow) + QStringLiteral(" – ") + share(i.firstHigh),
                           share(i.total), share(i.totalLow) + QStringLiteral(" – ") + share(i.totalHigh)});
        table(t);
    }

    void appendix()
    {
        startPage();
        heading(sectionHeading(ReportSection::Appendix), 1);
        const data::Dataset &data = dataset();
        paragraph(
            QObject::tr(
                "The bundled dataset behind the Base case and the history charts, as of %1: every source "
                "cited by its rows, with the dates the figures were stated (as_of) and how many rows cite "
                "it. Rows imported by the user are counted as such.")
                .arg(datasetAsOf(data)),
            9, Muted);
        for (const data::Table &topic : data.tables) {
            if (!topic.schema || topic.rows.empty())
                continue;
            struct Source {
                QStringList asOf;
                int rows = 0;
                int userRows = 0;
            };
            QMap<QString, Source> sources;
            for (const data::Row &row : topic.rows) {
                const QString asOf = QString::fromStdString(topic.text(row, "as_of"));
                for (const QString &ref : QString::fromStdString(topic.text(row, "source"))
                                              .split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                    Source &s = sources[ref.trimmed()];
                    s.asOf << asOf;
                    ++s.rows;
                    s.userRows += row.userSupplied ? 1 : 0;
                }
            }
            const std::size_t userRows = topic.userRowCount();
            QString title = QObject::tr("%1 (%2, %3 rows")
                                .arg(QString::fromStdString(topic.schema->title),
                                     QString::fromStdString(topic.schema->fileName))
                                .arg(topic.rows.size());
            if (userRows > 0)
                title += QObject::tr(", %1 user-supplied").arg(userRows);
            title += QLatin1Char(')');
            Table t;
            t.headers = {QObject::tr("Source"), QObject::tr("As of"), QObject::tr("Rows")};
            t.widths = {0.62, 0.28, 0.10};
            t.rightAligned = {false, false, true};
            for (auto it = sources.cbegin(); it != sources.cend(); ++it) {
                QString rows = QString::number(it->rows);
                if (it->userRows > 0)
                    rows += QObject::tr(" (%1 user)").arg(it->userRows);
                t.rows.append({it.key(), asOfSummary(it->asOf), rows});
            }
            heading(title, 2, mm(12));
            table(t, 7);
        }
    }

    void finish()
    {
        painter.end();
        if (writer)
            buffer.close();
        finished = true;
    }
};

ReportWriter::ReportWriter(ReportInputs inputs, const ReportOptions &options, QPagedPaintDevice *device)
    : d(std::make_unique<Private>())
{
    d->device = device;
    d->inputs = std::move(inputs);
    d->options = options;
    if (!d->inputs.sensitivity)
        d->inputs.sensitivity = std::make_shared<SensitivityResult>();
    auto charts = buildCharts(d->inputs.result, d->inputs.sensitivity.get(), d->inputs.baseline.get(), false);
    for (auto &chart : charts)
        if (chart->chartId() != QLatin1String("headline"))
            d->charts.push_back(std::move(chart));
    d->present = sections(d->inputs);
    if (d->inputs.backtest) {
        for (const backtest::Mapping &m : backtest::mappings()) {
            const auto it = d->inputs.backtest->bySeries.find(m.id);
            if (it == d->inputs.backtest->bySeries.end() || it->second.points == 0)
                continue; // a chart per scored series
            auto chart = std::make_unique<BacktestChart>(m.id);
            chart->setDarkTheme(false);
            chart->setBacktest(d->inputs.backtest);
            d->backtestCharts.push_back(std::move(chart));
        }
        if (d->inputs.backtest->summary.points > 0) {
            auto pit = std::make_unique<PitHistogramChart>();
            pit->setDarkTheme(false);
            pit->setBacktest(d->inputs.backtest);
            d->backtestCharts.push_back(std::move(pit));
        }
    }
    if (d->inputs.scenarioMap) {
        d->mapChart = std::make_unique<ScenarioMapChart>();
        d->mapChart->setDarkTheme(false);
        d->mapChart->setGrid(*d->inputs.scenarioMap);
        d->mapChart->setCurrentScenario(d->inputs.result.scenario);
    }

    Private *p = d.get();
    d->steps.append({QObject::tr("Cover"), [p] { p->cover(); }});
    for (ReportSection section : d->present) {
        const QString title = sectionTitle(section);
        switch (section) {
        case ReportSection::Parameters:
            d->steps.append({title, [p] {
                                 p->parameters();
                                 p->headline();
                             }});
            break;
        case ReportSection::Headline: // painted below the parameters, in their step
            break;
        case ReportSection::Charts:
            d->steps.append({title, [p] { p->chartsHeading(); }});
            for (const auto &chart : d->charts) {
                ChartPanel *panel = chart.get();
                d->steps.append(
                    {QObject::tr("%1: %2").arg(title, panel->title()), [p, panel] { p->chart(panel); }});
            }
            break;
        case ReportSection::Percentiles:
            d->steps.append({title, [p] { p->percentiles(); }});
            break;
        case ReportSection::Uncertainty:
            d->steps.append({title, [p] { p->uncertainty(); }});
            break;
        case ReportSection::Sensitivity:
            d->steps.append({title, [p] { p->sensitivityRanking(); }});
            break;
        case ReportSection::TotalEffects:
            d->steps.append({title, [p] { p->totalEffects(); }});
            break;
        case ReportSection::Backtest:
            d->steps.append({title, [p] { p->backtestSection(); }});
            for (const auto &chart : d->backtestCharts) {
                ChartPanel *panel = chart.get();
                d->steps.append(
                    {QObject::tr("%1: %2").arg(title, panel->title()), [p, panel] { p->chart(panel); }});
            }
            break;
        case ReportSection::ScenarioMap:
            d->steps.append({title, [p] { p->scenarioMapSection(); }});
            break;
        case ReportSection::Appendix:
            d->steps.append({title, [p] { p->appendix(); }});
            break;
        }
    }
    d->steps.append({QObject::tr("Finishing"), [p] { p->finish(); }});
}

ReportWriter::~ReportWriter()
{
    if (d->painter.isActive())
        d->painter.end();
}

int ReportWriter::stepCount() const
{
    return int(d->steps.size());
}

int ReportWriter::stepsDone() const
{
    return d->next;
}

QString ReportWriter::nextStepLabel() const
{
    return d->next < d->steps.size() ? d->steps[d->next].first : QString();
}

bool ReportWriter::step()
{
    if (d->next >= d->steps.size() || !d->error.isEmpty())
        return false;
    d->steps[d->next++].second();
    return d->error.isEmpty();
}

bool ReportWriter::isFinished() const
{
    return d->finished;
}

QString ReportWriter::error() const
{
    return d->error;
}

QByteArray ReportWriter::pdf() const
{
    return d->finished ? d->bytes : QByteArray();
}

int ReportWriter::pageCount() const
{
    return d->pages;
}

QString ReportWriter::sectionTitle(ReportSection section)
{
    switch (section) {
    case ReportSection::Parameters:
        return QObject::tr("Parameters");
    case ReportSection::Headline:
        return QObject::tr("Headline numbers");
    case ReportSection::Charts:
        return QObject::tr("Charts");
    case ReportSection::Percentiles:
        return QObject::tr("Percentiles at yearly steps");
    case ReportSection::Uncertainty:
        return QObject::tr("What drives the uncertainty");
    case ReportSection::Sensitivity:
        return QObject::tr("Sensitivity ranking");
    case ReportSection::TotalEffects:
        return QObject::tr("Total effects");
    case ReportSection::Backtest:
        return QObject::tr("Backtest");
    case ReportSection::ScenarioMap:
        return QObject::tr("Scenario map");
    case ReportSection::Appendix:
        return QObject::tr("Appendix: data sources");
    }
    return {};
}

namespace {
constexpr ReportSection AllSections[] = {ReportSection::Parameters,   ReportSection::Headline,
                                         ReportSection::Charts,       ReportSection::Percentiles,
                                         ReportSection::Uncertainty,  ReportSection::Sensitivity,
                                         ReportSection::TotalEffects, ReportSection::Backtest,
                                         ReportSection::ScenarioMap,  ReportSection::Appendix};
}

QStringList ReportWriter::sectionTitles()
{
    QStringList titles;
    for (ReportSection s : AllSections)
        titles << sectionTitle(s);
    return titles;
}

QList<ReportSection> ReportWriter::sections(const ReportInputs &inputs)
{
    QList<ReportSection> out;
    for (ReportSection s : AllSections) {
        if (s == ReportSection::Uncertainty && !inputs.result.varianceShares)
            continue;
        if (s == ReportSection::TotalEffects && !inputs.totalEffects)
            continue;
        if (s == ReportSection::Backtest && !inputs.backtest)
            continue;
        if (s == ReportSection::ScenarioMap && (!inputs.scenarioMap || inputs.scenarioMap->isEmpty()))
            continue;
        out << s;
    }
    return out;
}

QStringList ReportWriter::sectionTitles(const ReportInputs &inputs)
{
    QStringList titles;
    for (ReportSection s : sections(inputs))
        titles << sectionTitle(s);
    return titles;
}

QString writeReport(const ReportInputs &inputs, const ReportOptions &options, const QString &path,
                    const ReportProgress &progress, bool *cancelled)
{
    if (cancelled)
        *cancelled = false;
    auto stop = [&] {
        if (cancelled)
            *cancelled = true;
        return QObject::tr("cancelled");
    };
    if (const QString error = checkWritable(path); !error.isEmpty())
        return error;
    ReportInputs in = inputs;
    // The sensitivity is most of the work when it has to run: give it 70 % of the bar.
    const double sensitivityShare = in.sensitivity ? 0.0 : 0.7;
    if (!in.sensitivity) {
        const QString what = QObject::tr("Sensitivity ranking");
        if (progress && !progress(0, what))
            return stop();
        try {
            auto result = std::make_shared<SensitivityResult>(
                runReportSensitivity(in.result, [&](std::uint64_t done, std::uint64_t total) {
                    return !progress || progress(sensitivityShare * double(done) /
                                                     double(std::max<std::uint64_t>(total, 1)),
                                                 what);
                }));
            if (result->cancelled)
                return stop();
            in.sensitivity = std::move(result);
        } catch (const std::exception &e) {
            return QObject::tr("the sensitivity run failed: %1").arg(QString::fromStdString(e.what()));
        }
    }
    ReportWriter writer(std::move(in), options);
    while (!writer.isFinished()) {
        if (progress && !progress(sensitivityShare + (1 - sensitivityShare) * writer.stepsDone() /
                                                         double(writer.stepCount()),
                                  writer.nextStepLabel()))
            return stop();
        if (!writer.step())
            return writer.error().isEmpty() ? QObject::tr("the report could not be painted") : writer.error();
    }
    if (progress)
        progress(1, QObject::tr("Writing"));
    return writeFileAtomically(path, writer.pdf());
}

} // namespace jevons::ui
