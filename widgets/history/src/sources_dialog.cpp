#include "jevons/history/sources_dialog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace jevons::ui {

QDialog *createSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                             const QString &caption)
{
    auto *dialogPtr = new QDialog(parent);
    QDialog &dialog = *dialogPtr;
    dialog.setObjectName(QStringLiteral("sourcesDialog"));
    dialog.setWindowTitle(QObject::tr("Sources: %1").arg(chartTitle));
    dialog.resize(1000, 460);
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro = new QLabel(caption, &dialog);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(intro);
    auto *tree = new QTreeWidget(&dialog);
    tree->setObjectName(QStringLiteral("sourcesTree"));
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setHeaderLabels({QObject::tr("Source"), QObject::tr("Data"), QObject::tr("As of"),
                           QObject::tr("Rows"), QObject::tr("Kind"), QObject::tr("Supplied by")});
    for (const SourceEntry &e : entries) {
        auto *item = new QTreeWidgetItem(tree);
        item->setText(0, e.reference);
        item->setToolTip(0, e.reference);
        item->setText(1, e.topicTitle);
        // Many dates (one price page cited for many models): the span, all of them in the tooltip.
        item->setText(
            2, e.asOf.size() > 3
                   ? QObject::tr("%1 … %2 (%3 dates)").arg(e.asOf.front(), e.asOf.back()).arg(e.asOf.size())
                   : e.asOf.join(QStringLiteral(", ")));
        item->setToolTip(2, e.asOf.join(QStringLiteral(", ")));
        item->setText(3, QString::number(e.rows));
        item->setText(4, e.kinds.join(QStringLiteral(", ")));
        item->setText(5, e.userSupplied ? QObject::tr("you (%1)").arg(e.origin) : QObject::tr("bundled"));
        if (e.userSupplied) {
            QFont font = item->font(0);
            font.setItalic(true);
            for (int c = 0; c < 6; ++c)
                item->setFont(c, font);
        }
    }
    tree->header()->setStretchLastSection(false);
    for (int c = 1; c < 6; ++c)
        tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setMinimumSectionSize(60);
    layout->addWidget(tree, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    tree->setFocus();
    return dialogPtr;
}

void showSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                       const QString &caption)
{
    std::unique_ptr<QDialog> dialog(createSourcesDialog(parent, chartTitle, entries, caption));
    dialog->exec();
}

} // namespace jevons::ui
