#pragma once
// The "Sources" view of a history chart: the references it draws from, with as-of dates and kinds.

#include "jevons/market/provenance.h"

#include <QList>
#include <QString>

class QDialog;
class QWidget;

namespace jevons::ui {

/// The "Sources" view of a chart: its caption and a table of references (data, as-of dates, rows, kinds,
/// bundled or the user's file). The caller owns it.
QDialog *createSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                             const QString &caption);
/// Shows createSourcesDialog() modally.
void showSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                       const QString &caption);

} // namespace jevons::ui
