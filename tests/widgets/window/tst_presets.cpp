// A preset that cannot be loaded: the window says so, naming that preset and its error, keeps the scenario
// it has, and never shows another preset under that preset's name (or the Base case in its place silently).
#include "jevons/session/scenario_document.h"
#include "jevons/window/main_window.h"
#include "jevons/window/scenario_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {
const QByteArray BrokenJson = R"({"name": "Broken preset", "initial": {"utilization": 7}})";

/// A preset folder: the bundled Base case and DeepSeek presets with a broken file at `brokenIndex`.
void writePresets(const QString &dir, int brokenIndex)
{
    const QStringList bundled = {QStringLiteral(":/scenarios/01_base_case.json"),
                                 QStringLiteral(":/scenarios/03_deepseek_deflation.json")};
    int source = 0;
    for (int i = 0; i < 3; ++i) {
        const QString path =
            QDir(dir).filePath(QStringLiteral("%1_preset.json").arg(i + 1, 2, 10, QLatin1Char('0')));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        if (i == brokenIndex) {
            out.write(BrokenJson);
            continue;
        }
        QFile in(bundled[source++]);
        QVERIFY(in.open(QIODevice::ReadOnly));
        out.write(in.readAll());
    }
}
} // namespace

class tst_Presets : public QObject {
    Q_OBJECT
private slots:
    void brokenPresetIsNamed_data();
    void brokenPresetIsNamed();
};

void tst_Presets::brokenPresetIsNamed_data()
{
    QTest::addColumn<int>("broken");
    QTest::addColumn<int>("startsWith"); ///< the preset the window starts on
    QTest::newRow("first (the Base case's place)") << 0 << 1;
    QTest::newRow("middle") << 1 << 0;
    QTest::newRow("last") << 2 << 0;
}

void tst_Presets::brokenPresetIsNamed()
{
    QFETCH(int, broken);
    QFETCH(int, startsWith);
    QTemporaryDir dir;
    writePresets(dir.path(), broken);
    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    options.runOnStart = false;
    options.dataDirectory = dir.filePath(QStringLiteral("data"));
    options.presetDirectory = dir.path();
    MainWindow window(options);

    const QList<Preset> &presets = window.scenarioPanel()->presets();
    QCOMPARE(presets.size(), 3); // the broken one keeps its place: the others keep their indices
    const QString brokenName = QStringLiteral("%1_preset").arg(broken + 1, 2, 10, QLatin1Char('0'));
    QCOMPARE(presets[broken].name, brokenName);
    QVERIFY(presets[broken].error.contains(QLatin1String("initial.utilization")));
    const QStringList goodNames = {QStringLiteral("Base case"), QStringLiteral("DeepSeek deflation")};
    for (int i = 0; i < 3; ++i)
        if (i != broken)
            QVERIFY2(presets[i].error.isEmpty() && goodNames.contains(presets[i].name),
                     qPrintable(presets[i].name));

    // The message after start names the broken preset and its error, and no other preset.
    QTRY_VERIFY(!window.lastError().isEmpty());
    const QString message = window.lastError();
    QVERIFY2(message.contains(brokenName) && message.contains(QLatin1String("initial.utilization")),
             qPrintable(message));
    for (const QString &name : goodNames)
        QVERIFY2(!message.contains(name), qPrintable(message));

    // The window starts on the first preset that loads, and its box names that one.
    QCOMPARE(QString::fromStdString(window.document()->scenario().name), presets[startsWith].name);
    QCOMPARE(window.scenarioPanel()->presetBox()->currentIndex(), startsWith);
    auto *model = qobject_cast<QStandardItemModel *>(window.scenarioPanel()->presetBox()->model());
    QVERIFY(model);
    QVERIFY(!model->item(broken)->isEnabled());

    // Choosing it (the File > Presets menu, or a call) refuses, names it, and changes nothing.
    const Scenario before = window.document()->scenario();
    window.loadPreset(broken);
    QVERIFY2(window.lastError().contains(brokenName), qPrintable(window.lastError()));
    QVERIFY(window.document()->scenario() == before);
    QCOMPARE(window.scenarioPanel()->presetBox()->currentIndex(), startsWith);
    QVERIFY(!window.windowTitle().contains(brokenName));
}

QTEST_MAIN(tst_Presets)
#include "tst_presets.moc"
