// Labels on the Market history charts stay with their own points: at the window sizes a user meets, every
// shown label of the funding-round, token-price, CoWoS and installed-compute charts lies inside the plot,
// overlaps no other label and no other point's marker, and is nearer its own marker than any other. The
// Sankey's node names are drawn whole (wrapped, not cut) and its node labels do not overlap.
#include "jevons/history/cowos_history_chart.h"
#include "jevons/history/funding_rounds_history_chart.h"
#include "jevons/history/history_sankey.h"
#include "jevons/history/installed_compute_history_chart.h"
#include "jevons/history/token_price_history_chart.h"
#include "jevons/market/data_store.h"

#include <QApplication>
#include <QChart>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace jevons::ui;

namespace {
double distanceTo(const QPointF &p, const QRectF &rect)
{
    const double dx = std::max({rect.left() - p.x(), 0.0, p.x() - rect.right()});
    const double dy = std::max({rect.top() - p.y(), 0.0, p.y() - rect.bottom()});
    return std::hypot(dx, dy);
}

std::unique_ptr<HistoryChart> makeChart(const QString &id, DataStore *store)
{
    if (id == QLatin1String("funding"))
        return std::make_unique<FundingRoundsHistoryChart>(store);
    if (id == QLatin1String("tokens"))
        return std::make_unique<TokenPriceHistoryChart>(store);
    if (id == QLatin1String("cowos"))
        return std::make_unique<CowosHistoryChart>(store);
    return std::make_unique<InstalledComputeHistoryChart>(store);
}
} // namespace

class tst_HistoryLabelLayout : public QObject {
    Q_OBJECT
private slots:
    void init();
    void labelsStayWithTheirPoints_data();
    void labelsStayWithTheirPoints();
    void sankeyNamesWholeAndApart_data();
    void sankeyNamesWholeAndApart();

private:
    std::unique_ptr<QTemporaryDir> m_imports;
    std::unique_ptr<DataStore> m_store;
};

void tst_HistoryLabelLayout::init()
{
    m_imports = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<DataStore>(m_imports->path(), nullptr); // the bundled data, no imports
}

void tst_HistoryLabelLayout::labelsStayWithTheirPoints_data()
{
    QTest::addColumn<QString>("chart");
    QTest::addColumn<QSize>("size");
    // A chart's size in a two-column page at 1366x768 and at 1600x1000, and the one-column token page.
    for (const QString &chart : {QStringLiteral("funding"), QStringLiteral("tokens"), QStringLiteral("cowos"),
                                 QStringLiteral("installed")})
        for (const QSize &size : {QSize(420, 300), QSize(560, 330), QSize(860, 560), QSize(1100, 620)})
            QTest::addRow("%s %dx%d", qPrintable(chart), size.width(), size.height()) << chart << size;
}

void tst_HistoryLabelLayout::labelsStayWithTheirPoints()
{
    QFETCH(QString, chart);
    QFETCH(QSize, size);
    std::unique_ptr<HistoryChart> panel = makeChart(chart, m_store.get());
    panel->resize(size);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(panel.get()));
    panel->ensureUpToDate();
    QCoreApplication::processEvents(); // the queued relayout after the axes' range changes
    ChartLabelLayer *layer = panel->labelLayer();
    layer->relayout();
    const QRectF plot = panel->chart()->plotArea();
    const QList<ChartLabelLayer::Placed> labels = layer->placedLabels();
    const QList<ChartLabelLayer::Marker> &markers = layer->markers();
    QVERIFY2(!labels.isEmpty(), "no label shown");
    QVERIFY(!markers.isEmpty());
    QCOMPARE(layer->visibleLabelCount(), labels.size());
    for (int i = 0; i < labels.size(); ++i) {
        const ChartLabelLayer::Placed &a = labels[i];
        const QString what = a.text + QStringLiteral(" at ") + QString::number(a.rect.x()) +
                             QLatin1Char(',') + QString::number(a.rect.y());
        QVERIFY2(plot.contains(a.rect), qPrintable(what + QStringLiteral(" leaves the plot")));
        for (int j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!a.rect.intersects(labels[j].rect),
                     qPrintable(what + QStringLiteral(" overlaps ") + labels[j].text));
        // Its own marker: the largest at its anchor.
        double ownRadius = 0;
        for (const ChartLabelLayer::Marker &m : markers)
            if (QLineF(m.centre, a.anchor).length() < 0.5)
                ownRadius = std::max(ownRadius, m.radius);
        const double own = distanceTo(a.anchor, a.rect) - ownRadius;
        for (const ChartLabelLayer::Marker &m : markers) {
            if (QLineF(m.centre, a.anchor).length() < 0.5)
                continue;
            const double other = distanceTo(m.centre, a.rect) - m.radius;
            QVERIFY2(other > 0, qPrintable(what + QStringLiteral(" lies on another point's marker")));
            QVERIFY2(other > own, qPrintable(what + QStringLiteral(" is nearer another point than its own")));
        }
    }
}

void tst_HistoryLabelLayout::sankeyNamesWholeAndApart_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1366x768 column") << QSize(420, 300);
    QTest::newRow("1600x1000 column") << QSize(560, 420);
    QTest::newRow("export") << QSize(1200, 700);
}

void tst_HistoryLabelLayout::sankeyNamesWholeAndApart()
{
    QFETCH(QSize, size);
    MoneyFlowSankey sankey(m_store.get());
    sankey.ensureUpToDate();
    const MoneyFlowModel &model = sankey.model();
    QVERIFY(model.nodes.size() > 4);
    // The area the canvas is given: at least the height its labels need at this width.
    const double needed = sankey.layout(QRectF(QPointF(0, 0), QSizeF(size))).neededHeight;
    const QRectF area(0, 0, size.width(), std::max(double(size.height()), needed));
    const MoneyFlowSankey::Geometry g = sankey.layout(area);
    QCOMPARE(g.nodeNames.size(), model.nodes.size());
    for (int i = 0; i < model.nodes.size(); ++i) {
        const QString name = model.nodes[i].name;
        QCOMPARE(g.nodeNames[i].join(QLatin1Char(' ')), name); // wrapped at spaces, nothing cut
        QVERIFY2(area.contains(g.nodeLabels[i]), qPrintable(name));
        QVERIFY2(g.nodeLabels[i].bottom() <= g.plot.bottom() + 0.5,
                 qPrintable(name + " runs into the notes"));
        for (int j = i + 1; j < model.nodes.size(); ++j)
            QVERIFY2(!g.nodeLabels[i].intersects(g.nodeLabels[j]),
                     qPrintable(name + QStringLiteral(" overlaps ") + model.nodes[j].name));
    }
}

QTEST_MAIN(tst_HistoryLabelLayout)
#include "tst_history_label_layout.moc"
