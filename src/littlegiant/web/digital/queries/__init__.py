"""Read models of the digital-maturity app: campaigns (``campaigns``), peers of a result (``peers``),
uploaded sheets' checks (``sheets``), the campaign workbook (``exports``)."""
