// jevons-render-icon SVG SIZE PNG: renders the application icon to a square PNG for the hicolor theme.
// Build-time tool of the installer (Qt Svg is already a dependency, so no rsvg/ImageMagick is needed).
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s SVG SIZE PNG\n", argv[0]);
        return 2;
    }
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) {
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    }
    QGuiApplication app(argc, argv);
    const QString svgPath = QString::fromLocal8Bit(argv[1]);
    const int size = std::atoi(argv[2]);
    const QString pngPath = QString::fromLocal8Bit(argv[3]);
    if (size < 1 || size > 4096) {
        std::fprintf(stderr, "jevons-render-icon: bad size '%s'\n", argv[2]);
        return 2;
    }
    QSvgRenderer renderer(svgPath);
    if (!renderer.isValid()) {
        std::fprintf(stderr, "jevons-render-icon: cannot read %s\n", argv[1]);
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        renderer.setAspectRatioMode(Qt::KeepAspectRatio);
        renderer.render(&painter, QRectF(0, 0, size, size));
    }
    // No text chunks (creation time, software): the PNG is byte-for-byte reproducible.
    if (!image.convertToFormat(QImage::Format_ARGB32).save(pngPath, "PNG")) {
        std::fprintf(stderr, "jevons-render-icon: cannot write %s\n", argv[3]);
        return 1;
    }
    return 0;
}
