#pragma once
// Light and dark application palettes (Fusion style, so both look the same on every desktop).

namespace jevons::ui {
/// Sets the Fusion style and a light or dark palette on the whole application.
void applyApplicationTheme(bool dark);
} // namespace jevons::ui
