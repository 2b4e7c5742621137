// The money flows of money_flows.h, from the dataset's rows only.
#include "jevons/market/money_flows.h"

#include "jevons/market/history_data.h"
#include "jevons/market/history_selections.h"
#include "jevons/market/number_format.h"

#include <QCoreApplication>
#include <QObject>

#include <algorithm>
#include <cmath>
#include <set>

namespace jevons::ui {

namespace {
using Role = MoneyFlowNode::Role;

// The caption keeps the translation context of the diagram that wrote it before it moved here.
QString trSankey(const char *text)
{
    return QCoreApplication::translate("jevons::ui::MoneyFlowSankey", text);
}

/// Investor names as the capex tables name the same company.
QString companyAlias(const QString &name)
{
    if (sameText(name, QStringLiteral("Google")))
        return QStringLiteral("Alphabet");
    return name.simplified();
}

QStringList splitNames(const QString &cell)
{
    QStringList out;
    for (const QString &part : cell.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

QStringList hyperscalers(const data::Dataset &dataset)
{
    QStringList out;
    if (const data::Table *annual = dataset.find("capex_annual"))
        for (const CapexYear &y : capexByYear(*annual))
            if (!out.contains(y.company, Qt::CaseInsensitive))
                out << y.company;
    if (const data::Table *quarterly = dataset.find("capex_quarterly"))
        for (const CapexQuarter &q : capexByQuarter(*quarterly))
            if (!out.contains(q.company, Qt::CaseInsensitive))
                out << q.company;
    return out;
}

bool isSecondarySale(const QString &round)
{
    return round.contains(QLatin1String("secondary"), Qt::CaseInsensitive);
}

/// NVIDIA's fiscal year N runs from February N-1 to January N: FY(year + 1) is 11 months of `year`.
QString nvidiaFiscalYearFor(int year)
{
    return QStringLiteral("FY%1").arg(year + 1);
}

int nodeIndex(MoneyFlowModel &model, const QString &name, Role role, int column)
{
    for (int i = 0; i < model.nodes.size(); ++i)
        if (model.nodes[i].column == column && sameText(model.nodes[i].name, name))
            return i;
    model.nodes.append({name, role, column, 0});
    return int(model.nodes.size()) - 1;
}

} // namespace

double MoneyFlowModel::totalUsd() const
{
    double total = 0;
    for (const MoneyFlow &f : flows)
        total += f.usd;
    return total;
}

MoneyFlowModel buildMoneyFlows(const data::Dataset &dataset, int year)
{
    MoneyFlowModel model;
    model.year = year;
    const QStringList companies = hyperscalers(dataset);
    auto roleOf = [&](const QString &name) {
        return companies.contains(name, Qt::CaseInsensitive) ? Role::Hyperscaler : Role::Investor;
    };
    const QString suppliers = QObject::tr("Suppliers (chips, servers, sites)");

    // Investors -> labs.
    if (const data::Table *rounds = dataset.find("funding_rounds")) {
        for (const data::Row &row : rounds->rows) {
            if (rounds->date(row, "date").year != year)
                continue;
            const QString lab = cellText(*rounds, row, "lab").simplified();
            const QString round = cellText(*rounds, row, "round");
            const QString what = round.isEmpty()
                                     ? QStringLiteral("%1 (%2)").arg(lab, cellText(*rounds, row, "date"))
                                     : QStringLiteral("%1 %2").arg(lab, round);
            const double amount = rounds->number(row, "amount_m");
            if (!std::isfinite(amount) || amount <= 0)
                continue; // valuation reports: no money moved
            const QString currency = cellText(*rounds, row, "amount_currency").trimmed().toUpper();
            if (isSecondarySale(round)) {
                model.notes << QObject::tr(
                                   "Not drawn: %1 (%2 %3), a sale of existing shares: the money goes to "
                                   "the sellers, not the lab.")
                                   .arg(what, currency, formatCompact(amount * 1e6));
                continue;
            }
            if (currency != QLatin1String("USD")) {
                model.notes << QObject::tr("Not drawn: %1 (%2 %3): the dataset holds no exchange rate.")
                                   .arg(what, currency, formatCompact(amount * 1e6));
                continue;
            }
            const QStringList leads = splitNames(cellText(*rounds, row, "lead_investors"));
            const QStringList others = splitNames(cellText(*rounds, row, "other_investors"));
            QString investor;
            if (leads.isEmpty())
                investor = QObject::tr("Investors, no lead named");
            else if (others.isEmpty())
                investor =
                    leads.size() == 1 ? companyAlias(leads.front()) : leads.join(QStringLiteral(" & "));
            else
                investor = QObject::tr("%1-led investors").arg(leads.join(QStringLiteral(" & ")));
            MoneyFlow flow;
            flow.from = nodeIndex(model, investor, roleOf(investor), 0);
            flow.to = nodeIndex(model, lab, Role::Lab, 1);
            flow.usd = amount * 1e6;
            flow.userSupplied = row.userSupplied;
            flow.table = rounds;
            flow.row = &row;
            Provenance p = rowProvenance(*rounds, row);
            p.label = QObject::tr("%1 → %2").arg(investor, what);
            p.value = flow.usd;
            p.unit = QStringLiteral("USD");
            p.valueText = formatWithUnit(flow.usd, QStringLiteral("USD"));
            p.date = cellText(*rounds, row, "date");
            QStringList detail;
            if (!leads.isEmpty())
                detail << QObject::tr("Lead: %1").arg(leads.join(QStringLiteral(", "))).toHtmlEscaped();
            if (!others.isEmpty())
                detail << QObject::tr("Also: %1").arg(others.join(QStringLiteral(", "))).toHtmlEscaped();
            p.detail = detail.join(QStringLiteral("<br>"));
            flow.provenance = p;
            model.flows.append(flow);
        }
    }

    // Hyperscalers -> suppliers (calendar-year capex).
    int secondaryCapex = 0;
    if (const data::Table *annual = dataset.find("capex_annual")) {
        for (const CapexYear &c : capexByYear(*annual)) {
            if (c.year != year)
                continue;
            MoneyFlow flow;
            flow.from = nodeIndex(model, c.company, Role::Hyperscaler, 0);
            flow.to = nodeIndex(model, suppliers, Role::Suppliers, 1);
            flow.usd = c.usdBn.value * 1e9;
            flow.guidance = c.guidance;
            flow.userSupplied = c.row->userSupplied;
            flow.table = annual;
            flow.row = c.row;
            Provenance p = rowProvenance(*annual, *c.row);
            p.label = QObject::tr("%1 capex, %2%3")
                          .arg(c.company, cellText(*annual, *c.row, "year_label"),
                               c.guidance ? QObject::tr(" (guidance)") : QString());
            p.value = flow.usd;
            p.unit = QStringLiteral("USD");
            p.valueText = c.usdBn.describe(QStringLiteral("USD"), 1e9);
            p.date = cellText(*annual, *c.row, "year_label");
            QStringList detail;
            const QString basis = cellText(*annual, *c.row, "basis");
            if (!basis.isEmpty())
                detail << QObject::tr("Basis: %1").arg(basis).toHtmlEscaped();
            if (isSecondarySource(p.confidence)) {
                ++secondaryCapex;
                detail << QObject::tr(
                              "Secondary source: %1 (a report of the company's figure, not its filing "
                              "or call)")
                              .arg(p.source.split(QLatin1Char(';'), Qt::SkipEmptyParts)
                                       .join(QStringLiteral(", ")))
                              .toHtmlEscaped();
            }
            p.detail = detail.join(QStringLiteral("<br>"));
            flow.provenance = p;
            model.flows.append(flow);
        }
    }
    if (secondaryCapex > 0)
        model.notes << QObject::tr(
            "Capex: %n of the hyperscaler figures come from secondary sources (news or "
            "data-aggregator reports of the companies' filings and calls).",
            nullptr, secondaryCapex);

    // All data-centre customers -> NVIDIA (fiscal year, mostly this calendar year).
    if (const data::Table *nvidia = dataset.find("nvidia_dc_revenue_annual")) {
        const QString fiscal = nvidiaFiscalYearFor(year);
        for (const data::Row &row : nvidia->rows) {
            const double revenue = nvidia->number(row, "revenue_usd_bn");
            if (!sameText(cellText(*nvidia, row, "fiscal_year"), fiscal) || !std::isfinite(revenue))
                continue;
            MoneyFlow flow;
            flow.from = nodeIndex(model, QObject::tr("Data-centre customers (all, incl. hyperscalers)"),
                                  Role::Customers, 0);
            flow.to =
                nodeIndex(model, QObject::tr("NVIDIA Data Center (%1)").arg(fiscal), Role::ChipVendor, 1);
            flow.usd = revenue * 1e9;
            flow.userSupplied = row.userSupplied;
            flow.table = nvidia;
            flow.row = &row;
            Provenance p = rowProvenance(*nvidia, row);
            p.label = QObject::tr("NVIDIA Data Center revenue, %1").arg(fiscal);
            p.value = flow.usd;
            p.unit = QStringLiteral("USD");
            p.valueText = formatWithUnit(flow.usd, QStringLiteral("USD"));
            p.date = QObject::tr("fiscal year ended %1").arg(cellText(*nvidia, row, "year_end"));
            flow.provenance = p;
            model.flows.append(flow);
            model.notes << QObject::tr(
                               "NVIDIA: fiscal year %1 (February %2 – January %3), from all its data-centre "
                               "customers. How much of the hyperscalers' capex went to NVIDIA is not in the "
                               "dataset, so the two are not linked.")
                               .arg(fiscal)
                               .arg(year)
                               .arg(year + 1);
            break;
        }
    }
    for (const MoneyFlow &f : model.flows) {
        model.nodes[f.from].usd += f.usd;
        model.nodes[f.to].usd += f.usd;
    }
    model.caption =
        trSankey("Money in %1, built only from rows of the dataset: funding rounds (investors → labs, USD "
                 "rounds), hyperscalers' calendar-year capex (to the suppliers of chips, servers, networking "
                 "and data centres; dashed: guidance, where no actual is reported), and NVIDIA's Data Center "
                 "revenue. Band widths are proportional to USD. Hatched: user-supplied.")
            .arg(year);
    if (!model.notes.isEmpty())
        model.caption += QLatin1Char(' ') + model.notes.join(QLatin1Char(' '));
    model.csvHeader = QStringList{
        QStringLiteral("year"),         QStringLiteral("from"),   QStringLiteral("to"),
        QStringLiteral("amount (USD)"), QStringLiteral("what"),   QStringLiteral("kind"),
        QStringLiteral("date"),         QStringLiteral("source"), QStringLiteral("user_supplied")};
    return model;
}

QList<int> moneyFlowYears(const data::Dataset &dataset)
{
    std::set<int> candidates;
    if (const data::Table *rounds = dataset.find("funding_rounds"))
        for (const data::Row &row : rounds->rows)
            candidates.insert(rounds->date(row, "date").year);
    if (const data::Table *annual = dataset.find("capex_annual"))
        for (const CapexYear &c : capexByYear(*annual))
            candidates.insert(c.year);
    QList<int> years;
    for (int year : candidates)
        if (!buildMoneyFlows(dataset, year).flows.isEmpty())
            years << year;
    return years;
}

int defaultMoneyFlowYear(const data::Dataset &dataset)
{
    int best = 0;
    if (const data::Table *annual = dataset.find("capex_annual"))
        for (const CapexYear &c : capexByYear(*annual))
            if (!c.guidance)
                best = std::max(best, c.year);
    const QList<int> years = moneyFlowYears(dataset);
    if (years.contains(best) || years.isEmpty())
        return best;
    return years.back();
}

} // namespace jevons::ui
