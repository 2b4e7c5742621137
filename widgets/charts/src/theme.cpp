#include "jevons/charts/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <algorithm>
#include <optional>

namespace jevons::ui {

namespace {
// What the application had before the first switch to dark, to give it back on light.
struct UserLook {
    QString style;
    QPalette palette;
};
std::optional<UserLook> &userLook()
{
    static std::optional<UserLook> look;
    return look;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2B, 0x2B, 0x2E), base(0x1F, 0x1F, 0x22), text(0xE6, 0xE6, 0xE6),
        highlight(0x3D, 0x8E, 0xC9), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x33, 0x38));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Link, highlight.lighter(120));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x50, 0x50, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Text, disabled);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    return p;
}
} // namespace

void applyApplicationTheme(bool dark)
{
    std::optional<UserLook> &look = userLook();
    if (!dark) {
        if (!look)
            return; // never dark: the user's style and palette stay exactly as the desktop set them
        if (QApplication::style()->name().compare(look->style, Qt::CaseInsensitive) != 0)
            QApplication::setStyle(look->style);
        QApplication::setPalette(look->palette);
        look.reset();
        return;
    }
    if (!look)
        look = UserLook{QApplication::style()->name(), QApplication::palette()};
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QApplication::setPalette(darkPalette());
}

QFont scaledFont(double designPoints, QFont base)
{
    const double factor = designPoints / DesignPointSize;
    const QFont app = QApplication::font();
    if (app.pointSizeF() > 0)
        base.setPointSizeF(app.pointSizeF() * factor);
    else if (app.pixelSize() > 0)
        base.setPixelSize(std::max(1, int(app.pixelSize() * factor + 0.5)));
    return base;
}

QFont scaledFont(double designPoints)
{
    return scaledFont(designPoints, QApplication::font());
}

} // namespace jevons::ui
