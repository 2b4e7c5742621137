#pragma once
// Checks on rendered images that several suites share.
#include <QImage>
#include <QRgb>

#include <set>

namespace testing {

/// Distinct colours in a downscaled copy: a blank or single-colour image has one or two, a drawn chart
/// dozens.
inline int distinctColours(const QImage &image)
{
    const QImage small = image.scaled(240, 150).convertToFormat(QImage::Format_RGB32);
    std::set<QRgb> colours;
    for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x)
            colours.insert(small.pixel(x, y));
    return int(colours.size());
}

} // namespace testing
