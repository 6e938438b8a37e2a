"""Words that carry no content for search: left out of BM25 queries of evidence and of fact-check archives."""

# They match most sentences, so in a BM25 query they cost time and add nothing.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves many much say said
    says also ever one us let get got go going think know like want well yes really thing things way lot""".split()
    # contraction fragments: "don't" is "don" + "t" to the tokenizer
    + "don didn doesn isn wasn aren weren won wouldn couldn shouldn ve ll re".split()
)
