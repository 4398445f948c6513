"""The digital-maturity assessment app (数字化水平评测): questionnaire, results, campaigns."""
