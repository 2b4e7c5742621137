#pragma once
// Help inside the app: Help > Model (docs/model.md, the model's contract, rendered from its Markdown) and
// Help > "What is the Jevons paradox?" (a page of plain words), both bundled as Qt resources
// (":/help/model.md", ":/help/jevons_paradox.md") so that they match the binary's model.

#include <QDialog>
#include <QString>

class QTextBrowser;

namespace jevons::ui {

class HelpBrowser : public QDialog {
    Q_OBJECT
public:
    enum class Page { Model, JevonsParadox };

    explicit HelpBrowser(QWidget *parent = nullptr);

    /// Loads `page` (Markdown from the resources). False if the resource is missing.
    bool showPage(Page page);
    Page page() const { return m_page; }
    /// Help > Model at the parameter's row of the "Scenario parameters" table (found by its JSON key, as
    /// written in the table), selected so that it stands out. False if the row is not there.
    bool showParameter(const QString &key);
    QTextBrowser *browser() const { return m_browser; }

    /// The window's help browser (one per window, created on first use, not modal), showing `page`.
    static HelpBrowser *open(QWidget *window, Page page);
    /// open(window, Model) then showParameter(key).
    static HelpBrowser *openParameter(QWidget *window, const QString &key);

    static QString resourcePath(Page page);

private:
    QTextBrowser *m_browser = nullptr;
    Page m_page = Page::Model;
    bool m_loaded = false;
};

} // namespace jevons::ui
