#pragma once
// The application's look. The light theme is the user's own: the desktop's style, palette and
// high-contrast settings are left alone (charts keep their own chart colours). The dark theme is an
// explicit choice: the Fusion style with a dark palette, undone by going back to light.
// Fonts follow the system font size: sizes are factors of the application font, not fixed points.

#include <QFont>

namespace jevons::ui {
/// Dark: Fusion and a dark palette on the whole application. Light: the style and palette the
/// application had before the first dark switch (nothing is changed if it never was dark).
void applyApplicationTheme(bool dark);

/// The point size this code's sizes were designed for: the default application font of most desktops.
inline constexpr double DesignPointSize = 9.0;
/// `base` (family, weight, ...; by default the application font) at the application font's size scaled by
/// designPoints / DesignPointSize: a label designed at 8 points is 8/9 of the user's font size, whatever
/// that is (a pixel-sized application font scales the same way).
QFont scaledFont(double designPoints, QFont base);
QFont scaledFont(double designPoints);
} // namespace jevons::ui
