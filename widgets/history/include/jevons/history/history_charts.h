#pragma once
// All "Market history" charts, one class per file.

#include "jevons/history/shipments_history_chart.h"
#include "jevons/history/installed_compute_history_chart.h"
#include "jevons/history/nvidia_revenue_history_chart.h"
#include "jevons/history/cowos_history_chart.h"
#include "jevons/history/token_price_history_chart.h"
#include "jevons/history/capex_history_chart.h"
#include "jevons/history/funding_rounds_history_chart.h"
#include "jevons/history/ai_investment_history_chart.h"
