"""Chinese text retrieval and ranking for the catalogs: jieba + bm25s, structured fit, explanations.

Framework-free: the web app and the CLI feed it entries and profiles; it never imports Django.
"""

from littlegiant.matching._errors import CatalogImportError, IndexFormatError, MatchingError
from littlegiant.matching.catalogs import CATALOGS, CATALOGS_BY_ID, Catalog
from littlegiant.matching.explain import Segment, highlight, snippet, to_html
from littlegiant.matching.fit import Reason
from littlegiant.matching.home import index_dir, littlegiant_home
from littlegiant.matching.index import CatalogIndex, CatalogSource, Hit, SyncReport, content_hash
from littlegiant.matching.ranking import Facets, Match, Matcher, Profile, Verdict
from littlegiant.matching.tokenize import Tokenizer, default_tokenizer

__all__ = [
    "CATALOGS",
    "CATALOGS_BY_ID",
    "Catalog",
    "CatalogImportError",
    "CatalogIndex",
    "CatalogSource",
    "Facets",
    "Hit",
    "IndexFormatError",
    "Match",
    "Matcher",
    "MatchingError",
    "Profile",
    "Reason",
    "Segment",
    "SyncReport",
    "Tokenizer",
    "Verdict",
    "content_hash",
    "default_tokenizer",
    "highlight",
    "index_dir",
    "littlegiant_home",
    "snippet",
    "to_html",
]
