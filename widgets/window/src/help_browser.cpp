// The help pages: the model's specification and the Jevons paradox in plain words.
#include "jevons/window/help_browser.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QUrl>
#include <QVBoxLayout>

namespace jevons::ui {

QString HelpBrowser::resourcePath(Page page)
{
    return page == Page::Model ? QStringLiteral(":/help/model.md")
                               : QStringLiteral(":/help/jevons_paradox.md");
}

HelpBrowser::HelpBrowser(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("helpBrowser"));
    auto *layout = new QVBoxLayout(this);
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("helpText"));
    // Links to the web (sources in the provenance tables) go to the user's browser; the page stays.
    m_browser->setOpenExternalLinks(true);
    layout->addWidget(m_browser, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *model = buttons->addButton(tr("&Model"), QDialogButtonBox::ActionRole);
    model->setObjectName(QStringLiteral("helpModelButton"));
    connect(model, &QPushButton::clicked, this, [this] { showPage(Page::Model); });
    QPushButton *paradox = buttons->addButton(tr("The Jevons &paradox"), QDialogButtonBox::ActionRole);
    paradox->setObjectName(QStringLiteral("helpParadoxButton"));
    connect(paradox, &QPushButton::clicked, this, [this] { showPage(Page::JevonsParadox); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::hide);
    layout->addWidget(buttons);
    resize(860, 680);
}

bool HelpBrowser::showPage(Page page)
{
    if (m_loaded && m_page == page)
        return true;
    QFile file(resourcePath(page));
    if (!file.open(QIODevice::ReadOnly)) {
        m_browser->setPlainText(tr("The help page %1 is missing from this build.").arg(resourcePath(page)));
        m_loaded = false;
        return false;
    }
    m_page = page;
    m_loaded = true;
    m_browser->setMarkdown(QString::fromUtf8(file.readAll()));
    const QString title = page == Page::Model ? tr("The model") : tr("What is the Jevons paradox?");
    setWindowTitle(tr("Jevons help: %1").arg(title));
    m_browser->setAccessibleName(title);
    m_browser->moveCursor(QTextCursor::Start);
    m_browser->verticalScrollBar()->setValue(0);
    return true;
}

bool HelpBrowser::showParameter(const QString &key)
{
    if (!showPage(Page::Model))
        return false;
    QTextDocument *document = m_browser->document();
    // The table follows its heading; a key may be named earlier in the text.
    QTextCursor from = document->find(QStringLiteral("Scenario parameters"));
    const QTextCursor found =
        document->find(key, from.isNull() ? QTextCursor(document) : from,
                       QTextDocument::FindCaseSensitively | QTextDocument::FindWholeWords);
    if (found.isNull())
        return false;
    // Scroll so that the row sits near the top, then select the key: the highlight says which row.
    m_browser->verticalScrollBar()->setValue(m_browser->verticalScrollBar()->maximum());
    m_browser->setTextCursor(found);
    m_browser->ensureCursorVisible();
    return true;
}

HelpBrowser *HelpBrowser::open(QWidget *window, Page page)
{
    auto *browser = window->findChild<HelpBrowser *>(QString(), Qt::FindDirectChildrenOnly);
    if (!browser)
        browser = new HelpBrowser(window);
    browser->showPage(page);
    browser->show();
    browser->raise();
    browser->activateWindow();
    return browser;
}

HelpBrowser *HelpBrowser::openParameter(QWidget *window, const QString &key)
{
    HelpBrowser *browser = open(window, Page::Model);
    browser->showParameter(key);
    return browser;
}

} // namespace jevons::ui
