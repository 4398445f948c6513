"""Pages of the digital-maturity app: the questionnaire and its result, campaigns, answer-sheet uploads."""
