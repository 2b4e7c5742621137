#pragma once
// One chart as a print-ready figure (PNG, SVG, PDF) or as its data (CSV). Needs a QApplication but no
// window or screen: the dashboard's Export… actions and the headless `jevons export` both come here.
//
// A figure is the chart's title, the one-line description of what is drawn, the chart with its legend
// (ChartPanel::renderTo) and, unless switched off, a caption footer saying how it was made: scenario, the
// parameters that differ from the Base case, paths, seed, backend, dataset as-of date and app version.
//
// Sizes: `FigureOptions::size` is in pixels at `dpi`, so size / dpi is the figure's physical size in inches.
// Text is set in points, so a 16 × 10 cm figure has the same layout at 96 and at 300 dpi, only sharper.
// The PNG has exactly `size` pixels; the SVG and PDF have the physical size, drawn as vectors.
//
// Every file goes through QSaveFile: a failed or cancelled export leaves no partial file and never
// replaces a good file with a broken one.

#include "jevons/charts/chart_panel.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <utility>

namespace jevons::data {
struct Dataset;
}

namespace jevons::ui {

enum class FigureFormat { Png, Svg, Pdf, Csv };
/// "png", "svg", "pdf", "csv": the name on the command line and the file extension.
QString figureFormatName(FigureFormat format);
/// All format names, in enum order.
QStringList figureFormatNames();
/// Parses a format name (case-insensitive); false if unknown.
bool parseFigureFormat(const QString &name, FigureFormat *out);

/// Colours of an exported figure. AsShown keeps the panel's theme; the others switch it for the export
/// and back afterwards.
enum class FigureTheme { AsShown, Light, Dark };

/// Limits that keep an export from exhausting memory (a 16384 × 16384 ARGB image is 1 GiB).
inline constexpr int MinFigureSide = 64;                      ///< pixels
inline constexpr int MaxFigureSide = 16384;                   ///< pixels
inline constexpr qint64 MaxFigurePixels = 64ll * 1024 * 1024; ///< width × height
inline constexpr int MinFigureDpi = 36;
inline constexpr int MaxFigureDpi = 2400;

struct FigureOptions {
    FigureFormat format = FigureFormat::Png;
    QSize size{1200, 700}; ///< pixels at `dpi` (the PNG's exact size); size / dpi = physical inches
    int dpi = 96;        ///< PNG: stored in the file and scales the drawing; SVG/PDF: sets the physical size
    bool caption = true; ///< draw the caption footer (figures only: a CSV holds just the plotted values)
    FigureTheme theme = FigureTheme::AsShown;
    QString datasetAsOf; ///< for the caption; empty: the bundled dataset's (bundledDatasetAsOf())
};

/// Checks size and dpi against the limits above; returns an error sentence, or an empty string.
QString validateFigureOptions(const FigureOptions &options);

/// Dots per inch of the layout: the screen's logical DPI (96 without a screen). Fonts in points are
/// measured at this resolution by widgets, so every export paints at it and scales, never re-measures.
qreal layoutDpi();

/// Latest as_of date of any row ("2026-04-22"); empty for an empty dataset.
QString datasetAsOf(const data::Dataset &dataset);
/// The bundled dataset (":/data/*.csv"), loaded once; empty tables if it cannot be read.
const data::Dataset &bundledDataset();
/// datasetAsOf(bundledDataset()), computed once.
QString bundledDatasetAsOf();

/// The uncertain inputs' 90 % intervals and their rank correlations, for captions (empty without any).
QString uncertaintyText(const Scenario &scenario);
/// The parameters of `scenario` that differ from the Base case, as "Price elasticity 1.4 (Base 1.2)", in
/// the order of the parameter table; the start month too when it differs. Empty when there are none.
QStringList scenarioDifferences(const Scenario &scenario);
/// The caption footer: "Scenario “X” · Differs from the Base case: … · 100,000 paths · seed 42 · backend
/// cpu-omp · dataset as of 2026-04-22 · Jevons 0.1.0".
QString captionText(const SimulationResult &result, const QString &datasetAsOf);

/// "<chartId>.<format>", e.g. "token_price.svg".
QString figureFileName(const ChartPanel *panel, FigureFormat format);

/// Paints the chart alone (with its legend and axes) into `target` with ChartPanel::renderTo(). A hidden
/// panel is laid out at the target's size first, so axes, labels and legend fit it; the view's backdrop is
/// painted in the chart's own background colour (the window's grey
/// would frame it otherwise; restored afterwards).
void paintChart(QPainter *painter, ChartPanel *panel, const QRectF &target);

/// Paints the whole figure (background, title, description, chart, caption footer when `caption` is not
/// empty) into `canvas` of `painter`, whose device must have layoutDpi(). Used by every format and by the
/// clipboard copy.
void paintFigure(QPainter *painter, const QRectF &canvas, ChartPanel *panel, const QString &caption);

/// The figure as an image of options.size pixels (any format in `options` is ignored). Null image if the
/// options are invalid.
QImage renderFigureImage(ChartPanel *panel, const FigureOptions &options);

/// The file's bytes in options.format. On failure returns an empty array and sets `error`.
QByteArray renderFigure(ChartPanel *panel, const FigureOptions &options, QString *error);

/// renderFigure() then writeFileAtomically(). Returns an empty string on success, else one sentence.
QString exportFigure(ChartPanel *panel, const FigureOptions &options, const QString &path);

/// Writes `data` to `path` through QSaveFile. Returns an empty string on success, else one sentence naming
/// the file and the reason ("cannot write '/x/a.png': Permission denied"); the file is then unchanged.
QString writeFileAtomically(const QString &path, const QByteArray &data);

/// Writes several files as one unit as far as the file system allows: every file is first written in full
/// to a temporary file beside it; only when all of them were written are they renamed into place. A write
/// error (full disk, unwritable folder, bad name) leaves every target as it was. Returns an error sentence
/// or an empty string.
QString writeFilesAtomically(const QList<std::pair<QString, QByteArray>> &files);

/// Checks, before any work, that `path` could be written: a valid name, not a folder, and a folder that takes
/// a new file (tried with a temporary file that is removed again; the target is not touched). Returns an
/// error sentence or "".
QString checkWritable(const QString &path);

/// Checks that `name` can be a file name on common file systems (no separators, control characters or
/// characters Windows refuses, not "." or "..", at most 255 bytes). Returns an error sentence or "".
QString checkFileName(const QString &name);

} // namespace jevons::ui
