// No decision is read back from display text: under a translation that renames the user-supplied and the
// target series, the shipments chart still hatches the user's series and exports its values, and the CoWoS
// chart still draws targets as hollow diamonds.
#include "jevons/history/cowos_history_chart.h"
#include "jevons/history/shipments_history_chart.h"
#include "jevons/market/data_store.h"
#include "jevons/market/history_data.h"
#include "jevons/market/provenance.h"

#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <cmath>

using namespace jevons;
using namespace jevons::ui;

namespace {
const QString TestData = QStringLiteral(JEVONS_TEST_DATA_DIR); // tests/compute/dataset

/// Renames the series whose names carried the decisions: "(user-supplied)" and " target" no longer appear.
class RenamingTranslator : public QTranslator {
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *source, const char *, int) const override
    {
        const QByteArray text(source);
        if (text == "%1 (user-supplied)")
            return QStringLiteral("%1 [importé]");
        if (text == "%1 target")
            return QStringLiteral("%1 objectif");
        return QString();
    }
};
} // namespace

class tst_HistoryLabels : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void userSeriesIsHatchedAndExportedUnderAnotherName();
    void targetsAreDiamondsUnderAnotherName();

private:
    std::unique_ptr<QTemporaryDir> m_imports;
    std::unique_ptr<DataStore> m_store;
    RenamingTranslator m_translator;
};

void tst_HistoryLabels::init()
{
    m_imports = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<DataStore>(m_imports->path(), nullptr);
    QCoreApplication::installTranslator(&m_translator);
}

void tst_HistoryLabels::cleanup()
{
    QCoreApplication::removeTranslator(&m_translator);
    m_store.reset();
    m_imports.reset();
}

void tst_HistoryLabels::userSeriesIsHatchedAndExportedUnderAnotherName()
{
    QVERIFY(m_store->importFile(TestData + QStringLiteral("/good/user_shipments.csv"), data::MergeMode::Merge)
                .ok);
    // The user's own estimate: one row, drawn at the midpoint of its range.
    const data::Table &table = *m_store->table("accelerator_shipments");
    const data::Row *userRow = nullptr;
    for (const data::Row &row : table.rows)
        if (row.userSupplied && cellText(table, row, "estimator") == QLatin1String("My team"))
            userRow = &row;
    QVERIFY(userRow);
    const double expected = rangedValue(table, *userRow, "units", "units_low", "units_high").value;
    const QString vendor = cellText(table, *userRow, "vendor");
    const QString year = QString::number(table.date(*userRow, "period").year);

    ShipmentsHistoryChart chart(m_store.get());
    chart.setEstimator(QStringLiteral("My team"));
    const QString csv = chart.toCsv();
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 2, qPrintable(csv));
    const QStringList header = lines.front().split(QLatin1Char(','));
    const int column = int(header.indexOf(vendor + QStringLiteral(" [importé] (accelerators)")));
    QVERIFY2(column > 0, qPrintable(lines.front()));
    bool found = false;
    for (const QString &line : lines.mid(1)) {
        const QStringList fields = line.split(QLatin1Char(','));
        if (fields.front() != year)
            continue;
        found = true;
        QCOMPARE(fields.value(column).toDouble(), expected); // exported in the user's column
    }
    QVERIFY(found);

    QBarSet *userSet = nullptr;
    for (QAbstractSeries *s : chart.chart()->series())
        if (auto *bars = qobject_cast<QStackedBarSeries *>(s))
            for (QBarSet *set : bars->barSets())
                if (set->label() == vendor + QStringLiteral(" [importé]"))
                    userSet = set;
    QVERIFY(userSet);
    QCOMPARE(userSet->brush().style(), Qt::BDiagPattern); // hatched: user-supplied
    QCOMPARE(chart.userSuppliedCount(), 1);
}

void tst_HistoryLabels::targetsAreDiamondsUnderAnotherName()
{
    CowosHistoryChart chart(m_store.get());
    chart.toCsv(); // draws
    int targets = 0;
    for (QAbstractSeries *s : chart.chart()->series()) {
        auto *scatter = qobject_cast<QScatterSeries *>(s);
        if (!scatter || scatter->name().isEmpty())
            continue;
        QVERIFY(!scatter->name().endsWith(QLatin1String(" target")));
        const bool target = scatter->name().endsWith(QLatin1String(" objectif"));
        if (target)
            ++targets;
        if (scatter->markerSize() < 15) // the supplier series (the user-supplied ring is larger)
            QCOMPARE(scatter->markerShape(), target ? QScatterSeries::MarkerShapeRotatedRectangle
                                                    : QScatterSeries::MarkerShapeCircle);
    }
    QVERIFY(targets > 0); // the bundled data has announced targets
}

QTEST_MAIN(tst_HistoryLabels)
#include "tst_history_labels.moc"
