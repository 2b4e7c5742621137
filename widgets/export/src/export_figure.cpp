#include "jevons/export/export_figure.h"

#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/headline_tiles.h"

#include "jevons/dataset/dataset.h"
#include "jevons/engine/engine.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGraphicsView>
#include <QGuiApplication>
#include <QLayout>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPaintEngine>
#include <QPicture>
#include <QPdfWriter>
#include <QSaveFile>
#include <QScreen>
#include <QSvgGenerator>

#include <algorithm>
#include <memory>
#include <vector>

namespace jevons::ui {

namespace {

const char *const FormatNames[] = {"png", "svg", "pdf", "csv"};

QString appVersionText()
{
    return QStringLiteral("Jevons %1").arg(QString::fromLatin1(versionString()));
}

/// Switches a panel to the theme an export asks for and back when it goes out of scope.
class ThemeGuard {
public:
    ThemeGuard(ChartPanel *panel, FigureTheme theme) : m_panel(panel), m_wasDark(panel->isDarkTheme())
    {
        if (theme == FigureTheme::AsShown)
            return;
        const bool dark = theme == FigureTheme::Dark;
        if (dark != m_wasDark) {
            m_panel->setDarkTheme(dark);
            m_changed = true;
        }
    }
    ~ThemeGuard()
    {
        if (m_changed)
            m_panel->setDarkTheme(m_wasDark);
    }
    ThemeGuard(const ThemeGuard &) = delete;
    ThemeGuard &operator=(const ThemeGuard &) = delete;

private:
    ChartPanel *m_panel;
    bool m_wasDark;
    bool m_changed = false;
};

QFont figureFont(qreal pointSize, bool bold = false)
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    return font;
}

/// Height of `text` wrapped at `width` on the painter's device.
qreal wrappedHeight(QPainter *painter, const QFont &font, const QString &text, qreal width)
{
    const QFontMetricsF metrics(font, painter->device());
    return metrics
        .boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text)
        .height();
}

QString captionOf(ChartPanel *panel, const FigureOptions &options)
{
    if (!options.caption || !panel->inputs().current)
        return {};
    return captionText(*panel->inputs().current,
                       options.datasetAsOf.isEmpty() ? bundledDatasetAsOf() : options.datasetAsOf);
}

/// The figure's size in layout units (pixels at layoutDpi()).
QSizeF logicalSize(const FigureOptions &options)
{
    const qreal factor = layoutDpi() / options.dpi;
    return QSizeF(options.size.width() * factor, options.size.height() * factor);
}

QString fileError(const QString &path, const QString &reason)
{
    return QObject::tr("cannot write '%1': %2").arg(QDir::toNativeSeparators(path), reason);
}

/// Checks before any byte is written: a name the file system takes, and not a folder.
QString checkTarget(const QString &path)
{
    if (path.isEmpty())
        return QObject::tr("no file name given");
    const QFileInfo info(path);
    if (const QString error = checkFileName(info.fileName()); !error.isEmpty())
        return fileError(path, error);
    if (info.isDir())
        return fileError(path, QObject::tr("it is a folder"));
    return {};
}

} // namespace

QString figureFormatName(FigureFormat format)
{
    return QString::fromLatin1(FormatNames[int(format)]);
}

QStringList figureFormatNames()
{
    QStringList names;
    for (const char *name : FormatNames)
        names << QString::fromLatin1(name);
    return names;
}

bool parseFigureFormat(const QString &name, FigureFormat *out)
{
    for (int i = 0; i < 4; ++i) {
        if (name.compare(QLatin1String(FormatNames[i]), Qt::CaseInsensitive) == 0) {
            *out = FigureFormat(i);
            return true;
        }
    }
    return false;
}

QString validateFigureOptions(const FigureOptions &options)
{
    if (options.dpi < MinFigureDpi || options.dpi > MaxFigureDpi)
        return QObject::tr("resolution must be %1 to %2 dpi, got %3")
            .arg(MinFigureDpi)
            .arg(MaxFigureDpi)
            .arg(options.dpi);
    const QSize size = options.size;
    if (size.width() < MinFigureSide || size.height() < MinFigureSide || size.width() > MaxFigureSide ||
        size.height() > MaxFigureSide)
        return QObject::tr("width and height must be %1 to %2 pixels, got %3 × %4")
            .arg(MinFigureSide)
            .arg(MaxFigureSide)
            .arg(size.width())
            .arg(size.height());
    if (qint64(size.width()) * size.height() > MaxFigurePixels)
        return QObject::tr("%1 × %2 pixels is more than the %3 megapixels an export may have")
            .arg(size.width())
            .arg(size.height())
            .arg(MaxFigurePixels / (1024 * 1024));
    // Text keeps its size in points: a figure much smaller than its text cannot hold a chart.
    const QSizeF logical = logicalSize(options);
    if (logical.width() < 240 || logical.height() < 160)
        return QObject::tr("%1 × %2 pixels at %3 dpi is %4 × %5 cm: too small for the chart's text (at least "
                           "%6 × %7 cm)")
            .arg(size.width())
            .arg(size.height())
            .arg(options.dpi)
            .arg(size.width() / double(options.dpi) * 2.54, 0, 'f', 1)
            .arg(size.height() / double(options.dpi) * 2.54, 0, 'f', 1)
            .arg(240 / layoutDpi() * 2.54, 0, 'f', 1)
            .arg(160 / layoutDpi() * 2.54, 0, 'f', 1);
    return {};
}

qreal layoutDpi()
{
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        return screen->logicalDotsPerInchY();
    return 96;
}

QString datasetAsOf(const data::Dataset &dataset)
{
    const data::Date *latest = nullptr;
    for (const data::Table &table : dataset.tables) {
        if (!table.schema || table.schema->columnIndex("as_of") < 0)
            continue;
        for (const data::Row &row : table.rows) {
            const data::Date &date = table.date(row, "as_of");
            if (date.year == 0)
                continue;
            // Compare period starts; at equal starts the more precise date ("2026-04-22" over "2026-04").
            if (!latest || date.startYear() > latest->startYear() ||
                (date.startYear() == latest->startYear() && date.precision < latest->precision))
                latest = &date;
        }
    }
    return latest ? QString::fromStdString(latest->toString()) : QString();
}

const data::Dataset &bundledDataset()
{
    static const data::Dataset dataset = [] {
        try {
            return readBundledDataset();
        } catch (const std::exception &e) {
            qWarning("Jevons export: %s", e.what());
            return data::Dataset();
        }
    }();
    return dataset;
}

QString bundledDatasetAsOf()
{
    static const QString asOf = datasetAsOf(bundledDataset());
    return asOf;
}

QStringList scenarioDifferences(const Scenario &scenario)
{
    const Scenario base;
    QStringList out;
    auto number = [](double v) { return QString::number(v, 'g', 6); };
    for (const ParamInfo &info : paramTable()) {
        const double value = scenario[info.id];
        if (value == base[info.id])
            continue;
        const QString unit = QString::fromUtf8(info.unit);
        const QString suffix =
            unit.isEmpty() || unit == QLatin1String("ratio") ? QString() : QLatin1Char(' ') + unit;
        out << QStringLiteral("%1 %2%3 (Base %4)")
                   .arg(QString::fromUtf8(info.label), number(value), suffix, number(base[info.id]));
    }
    if (scenario.startYear != base.startYear || scenario.startMonth != base.startMonth)
        out << QStringLiteral("start %1 (Base %2)")
                   .arg(QString::fromStdString(scenario.monthLabel(0)),
                        QString::fromStdString(base.monthLabel(0)));
    return out;
}

QString uncertaintyText(const Scenario &scenario)
{
    const std::vector<Param> uncertain = scenario.uncertainInputs();
    if (uncertain.empty())
        return {};
    auto number = [](double v) { return QString::number(v, 'g', 6); };
    QStringList inputs;
    for (Param p : uncertain) {
        const Interval &interval = *scenario.intervals[std::size_t(p)];
        inputs << QStringLiteral("%1 %2–%3%4")
                      .arg(QString::fromUtf8(paramInfo(p).label), number(interval.p5), number(interval.p95),
                           interval.scale == IntervalScale::Log ? QObject::tr(" (log)") : QString());
    }
    QString text = QObject::tr("90 % intervals: %1").arg(inputs.join(QStringLiteral(", ")));
    QStringList pairs;
    for (const RankCorrelation &c : scenario.correlations)
        pairs << QStringLiteral("%1/%2 %3")
                     .arg(QString::fromUtf8(paramInfo(c.first).label),
                          QString::fromUtf8(paramInfo(c.second).label), number(c.rank));
    if (!pairs.isEmpty())
        text += QObject::tr("; rank correlations: %1").arg(pairs.join(QStringLiteral(", ")));
    return text;
}

QString captionText(const SimulationResult &result, const QString &datasetAsOf)
{
    const QLocale english(QLocale::English, QLocale::UnitedStates);
    const QStringList differences = scenarioDifferences(result.scenario);
    QStringList parts;
    parts << QObject::tr("Scenario “%1”").arg(QString::fromStdString(result.scenario.name));
    parts << (differences.isEmpty()
                  ? QObject::tr("Base case parameters")
                  : QObject::tr("Differs from the Base case: %1").arg(differences.join("; ")));
    if (const QString uncertainty = uncertaintyText(result.scenario); !uncertainty.isEmpty())
        parts << uncertainty;
    parts << QObject::tr("%1 paths").arg(english.toString(qulonglong(result.settings.paths)));
    parts << QObject::tr("seed %1").arg(result.settings.seed);
    parts << QObject::tr("backend %1").arg(QString::fromStdString(result.backendLabel));
    if (!datasetAsOf.isEmpty())
        parts << QObject::tr("dataset as of %1").arg(datasetAsOf);
    parts << appVersionText();
    return parts.join(QStringLiteral(" · "));
}

QString figureFileName(const ChartPanel *panel, FigureFormat format)
{
    return panel->chartId() + QLatin1Char('.') + figureFormatName(format);
}

void paintChart(QPainter *painter, ChartPanel *panel, const QRectF &target)
{
    if (auto *tiles = qobject_cast<HeadlineTiles *>(panel); tiles && tiles->parentWidget()) {
        // Tiles in a window: on screen they have the window's shape, on a hidden tab QWidget::render() lays
        // the tab out first and gives them their place there. A top-level copy with the same data takes the
        // target's size.
        HeadlineTiles copy;
        copy.setDarkTheme(tiles->isDarkTheme());
        copy.setInputs(tiles->inputs());
        paintChart(painter, &copy, target);
        return;
    }
    // The chart is laid out at the target's size, so text keeps its point size and nothing is stretched.
    // ChartPanel::renderTo() resizes a hidden view to the target; a visible one is resized here for the
    // export and back (no event loop runs in between, so the window never shows it). The panel's own layout
    // would undo either: QWidget::render() activates a dirty top-level layout, which puts the view back to
    // the panel's size. Paused, the view keeps the export's size. A panel without a view (top-level
    // headline tiles) is only its content: it takes the target's size itself.
    const bool hidden = !panel->isVisible();
    const QSize size = target.size().toSize();
    QGraphicsView *view = panel->view();
    QLayout *layout = view ? panel->layout() : nullptr;
    const bool layoutWasEnabled = layout && layout->isEnabled();
    if (layoutWasEnabled)
        layout->setEnabled(false);
    const QSize oldPanelSize = panel->size();
    const bool resizePanel = !view;
    if (resizePanel)
        panel->resize(size);
    const QSize oldViewSize = view ? view->size() : QSize();
    const bool resizeView = view && !hidden && oldViewSize != size;
    if (resizeView)
        view->resize(size);

    // Qt Charts lays axes, labels and legend out for a new size in a posted event, after the paint that
    // resized it: paint twice into a scratch image first, delivering only those layout requests (no input
    // or timer events run). Twice, because the first layout changes the plot width and with it the month
    // labels.
    if ((hidden || resizeView) && size.width() >= 1 && size.height() >= 1) {
        QImage scratch(size, QImage::Format_RGB32);
        const int dpm = qRound(layoutDpi() / 0.0254);
        scratch.setDotsPerMeterX(dpm);
        scratch.setDotsPerMeterY(dpm);
        for (int pass = 0; pass < 2; ++pass) {
            QPainter scratchPainter(&scratch);
            panel->renderTo(&scratchPainter, QRectF(QPointF(0, 0), target.size()));
            scratchPainter.end();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        }
    }

    const QBrush oldBackdrop = view ? view->backgroundBrush() : QBrush();
    if (view)
        view->setBackgroundBrush(ChartPalette::make(panel->isDarkTheme()).background);
    // No clip of our own: QWidget::render() clips to the widget already.
    painter->save();
    if (painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::Pdf) {
        // QWidget::render() straight onto a PDF painter offsets the clips of the chart's items (legend,
        // axis labels) by the target's position a second time: most of the legend went missing lower down a
        // page. Recorded at the origin into a QPicture (still vector) and replayed, the clips come out right.
        QPicture picture;
        QPainter recorder(&picture);
        panel->renderTo(&recorder, QRectF(QPointF(0, 0), target.size()));
        recorder.end();
        painter->drawPicture(target.topLeft(), picture);
    } else {
        panel->renderTo(painter, target);
    }
    painter->restore();
    if (view)
        view->setBackgroundBrush(oldBackdrop);
    // renderTo() gave the view its old size back: the geometry is as the layout left it, and a hidden tab
    // lays itself out again when shown.
    if (resizeView) {
        view->resize(oldViewSize);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // the chart as it was on screen
    }
    if (layoutWasEnabled)
        layout->setEnabled(true);
    if (resizePanel)
        panel->resize(oldPanelSize);
}

void paintFigure(QPainter *painter, const QRectF &canvas, ChartPanel *panel, const QString &caption)
{
    const ChartPalette palette = ChartPalette::make(panel->isDarkTheme());
    painter->save();
    painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                            QPainter::SmoothPixmapTransform);
    painter->fillRect(canvas, palette.background);

    const qreal margin = 14;
    const qreal textWidth = canvas.width() - 2 * margin;
    const QFont titleFont = figureFont(13, true);
    const QFont descriptionFont = figureFont(8.5);
    const QFont captionFont = figureFont(7.5);
    const QString title = panel->title();
    QString description = panel->caption();
    if (description == title)
        description.clear();

    const qreal titleHeight = wrappedHeight(painter, titleFont, title, textWidth);
    qreal descriptionHeight =
        description.isEmpty() ? 0 : wrappedHeight(painter, descriptionFont, description, textWidth);
    const qreal captionHeight =
        caption.isEmpty() ? 0 : wrappedHeight(painter, captionFont, caption, textWidth);
    const qreal footer = caption.isEmpty() ? margin * 0.5 : captionHeight + margin * 0.5 + 9;
    // The chart keeps at least half the height: a long description gives way first.
    if (canvas.height() - (margin + titleHeight + descriptionHeight + footer) < canvas.height() * 0.5) {
        description.clear();
        descriptionHeight = 0;
    }

    qreal y = canvas.top() + margin * 0.8;
    painter->setPen(palette.ink);
    painter->setFont(titleFont);
    painter->drawText(QRectF(canvas.left() + margin, y, textWidth, titleHeight),
                      Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, title);
    y += titleHeight + 1;
    if (!description.isEmpty()) {
        painter->setPen(palette.muted);
        painter->setFont(descriptionFont);
        painter->drawText(QRectF(canvas.left() + margin, y, textWidth, descriptionHeight),
                          Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, description);
        y += descriptionHeight;
    }
    y += 2;

    const QRectF chartRect(canvas.left() + margin * 0.4, y, canvas.width() - margin * 0.8,
                           std::max<qreal>(40, canvas.bottom() - footer - y));
    paintChart(painter, panel, chartRect);

    if (!caption.isEmpty()) {
        const qreal lineY = chartRect.bottom() + 4;
        painter->setPen(QPen(palette.grid, 1));
        painter->drawLine(QPointF(canvas.left() + margin, lineY), QPointF(canvas.right() - margin, lineY));
        painter->setPen(palette.muted);
        painter->setFont(captionFont);
        painter->drawText(QRectF(canvas.left() + margin, lineY + 4, textWidth, captionHeight),
                          Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, caption);
    }
    painter->restore();
}

QImage renderFigureImage(ChartPanel *panel, const FigureOptions &options)
{
    if (!validateFigureOptions(options).isEmpty())
        return {};
    const ThemeGuard theme(panel, options.theme);
    const QString caption = captionOf(panel, options);
    QImage image(options.size, QImage::Format_RGB32);
    if (image.isNull())
        return image;
    // Paint at the layout resolution (so fonts measure as on screen) and scale; the file then records the
    // requested resolution.
    const int layoutDpm = qRound(layoutDpi() / 0.0254);
    image.setDotsPerMeterX(layoutDpm);
    image.setDotsPerMeterY(layoutDpm);
    image.fill(ChartPalette::make(panel->isDarkTheme()).background);
    const qreal scale = options.dpi / layoutDpi();
    QPainter painter(&image);
    painter.scale(scale, scale);
    paintFigure(&painter, QRectF(QPointF(0, 0), logicalSize(options)), panel, caption);
    painter.end();
    image.setDotsPerMeterX(qRound(options.dpi / 0.0254));
    image.setDotsPerMeterY(qRound(options.dpi / 0.0254));
    image.setText(QStringLiteral("Title"), panel->title());
    if (!caption.isEmpty())
        image.setText(QStringLiteral("Description"), caption);
    image.setText(QStringLiteral("Software"), appVersionText());
    return image;
}

QByteArray renderFigure(ChartPanel *panel, const FigureOptions &options, QString *error)
{
    QString dummy;
    QString &err = error ? *error : dummy;
    err.clear();
    if (options.format == FigureFormat::Csv)
        return panel->toCsv().toUtf8();
    if (const QString invalid = validateFigureOptions(options); !invalid.isEmpty()) {
        err = invalid;
        return {};
    }

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    switch (options.format) {
    case FigureFormat::Png: {
        const QImage image = renderFigureImage(panel, options);
        if (image.isNull() || !image.save(&buffer, "PNG")) {
            err = QObject::tr("could not render a %1 × %2 image (out of memory?)")
                      .arg(options.size.width())
                      .arg(options.size.height());
            return {};
        }
        break;
    }
    case FigureFormat::Svg: {
        const ThemeGuard theme(panel, options.theme);
        const QString caption = captionOf(panel, options);
        const QSizeF logical = logicalSize(options);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setResolution(qRound(layoutDpi()));
        generator.setSize(logical.toSize());
        generator.setViewBox(QRectF(QPointF(0, 0), logical));
        generator.setTitle(panel->title());
        generator.setDescription(caption.isEmpty() ? panel->caption() : caption);
        QPainter painter;
        if (!painter.begin(&generator)) {
            err = QObject::tr("could not start the SVG drawing");
            return {};
        }
        paintFigure(&painter, QRectF(QPointF(0, 0), logical), panel, caption);
        painter.end();
        break;
    }
    case FigureFormat::Pdf: {
        const ThemeGuard theme(panel, options.theme);
        const QString caption = captionOf(panel, options);
        QPdfWriter writer(&buffer);
        writer.setResolution(qRound(layoutDpi()));
        writer.setCreator(appVersionText());
        writer.setTitle(panel->title());
        const QSizeF points(options.size.width() * 72.0 / options.dpi,
                            options.size.height() * 72.0 / options.dpi);
        writer.setPageLayout(
            QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                        QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        QPainter painter;
        if (!painter.begin(&writer)) {
            err = QObject::tr("could not start the PDF drawing");
            return {};
        }
        paintFigure(&painter, QRectF(0, 0, writer.width(), writer.height()), panel, caption);
        painter.end();
        break;
    }
    case FigureFormat::Csv:
        break;
    }
    buffer.close();
    if (bytes.isEmpty())
        err = QObject::tr("nothing was drawn");
    return bytes;
}

QString exportFigure(ChartPanel *panel, const FigureOptions &options, const QString &path)
{
    if (const QString error = checkTarget(path); !error.isEmpty())
        return error;
    QString error;
    const QByteArray bytes = renderFigure(panel, options, &error);
    if (!error.isEmpty())
        return error;
    return writeFileAtomically(path, bytes);
}

QString writeFileAtomically(const QString &path, const QByteArray &data)
{
    return writeFilesAtomically({{path, data}});
}

QString writeFilesAtomically(const QList<std::pair<QString, QByteArray>> &files)
{
    for (const auto &[path, data] : files) {
        if (const QString error = checkTarget(path); !error.isEmpty())
            return error;
    }
    // Phase 1: every file written and flushed to its temporary file. Any failure returns here, and the
    // QSaveFile destructors discard the temporary files: no target has changed.
    std::vector<std::unique_ptr<QSaveFile>> pending;
    for (const auto &[path, data] : files) {
        auto file = std::make_unique<QSaveFile>(path);
        if (!file->open(QIODevice::WriteOnly))
            return fileError(path, file->errorString());
        if (file->write(data) != data.size() || !file->flush())
            return fileError(path, file->errorString());
        pending.push_back(std::move(file));
    }
    // Phase 2: rename into place. Only a failing rename (rare once the data is on disk) can stop the set
    // half-way; each file is still whole, old or new.
    for (const auto &file : pending) {
        if (!file->commit())
            return fileError(file->fileName(), file->errorString());
    }
    return {};
}

QString checkWritable(const QString &path)
{
    if (const QString error = checkTarget(path); !error.isEmpty())
        return error;
    QSaveFile probe(path);
    if (!probe.open(QIODevice::WriteOnly))
        return fileError(path, probe.errorString());
    probe.cancelWriting();
    return {};
}

QString checkFileName(const QString &name)
{
    if (name.isEmpty())
        return QObject::tr("no file name given");
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return QObject::tr("'%1' is not a file name").arg(name);
    if (name.toUtf8().size() > 255)
        return QObject::tr("the file name is longer than 255 bytes");
    static const QString Refused = QStringLiteral("/\\<>:\"|?*");
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return QObject::tr("the file name contains a control character");
        if (Refused.contains(c))
            return QObject::tr("the file name contains '%1', which file systems refuse").arg(c);
    }
    if (name.endsWith(QLatin1Char(' ')) || name.endsWith(QLatin1Char('.')))
        return QObject::tr("the file name ends with a space or a dot");
    return {};
}

} // namespace jevons::ui
