"""经费绩效审计 Wuzhong's union-fund performance audit: evaluation standards kept as versioned data
(six areas, indicators with base, benefit and bonus rules, grade bands), audit plans whose
population is frozen from the org tree, notices, report-form entries, scores and grades, opinions,
rectification within 30 days and the committee's follow-up until the case is closed."""
