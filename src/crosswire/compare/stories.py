"""Story grouping: which articles of a pile report the same story.

Each article is read as its title and lead (embedded by a swappable `EmbeddingBackend`), the names
of its entities and the words of its quotes (when annotated), its publication date (when known) and
the year its lead names (look-alike events of different years: last year's awards, this year's).
What is not the story is left out: a title that is a byline, a counter or a prompt (story_titles),
the paragraphs one site repeats on its pages (site_furniture), the function words of every
language; an article in a language the embedding model does not read (the packaged MiniLM reads
English) is embedded by its words. A story is named by its most representative headline.
Candidate pairs come from near-linear indexes only: MinHash LSH over rare words and entity names,
and random-hyperplane buckets over the embeddings; all pairs are compared only for small piles.
Candidate pairs scoring above a threshold are linked best first, like average-linkage clustering
restricted to the candidate graph: two groups merge only while their average similarity (embedding
and word cosine, less a penalty when their leads' usual years differ) stays high, so a chain of
pairwise links cannot glue two stories together. Both thresholds count above the pile's
background (how alike two random articles of the pile are), so a pile of one beat's look-alike
stories is cut as finely as a pile of many beats. Candidate pairs travel as numpy int64 codes, so
10,000 articles cost seconds, not minutes, outside the encoder (use `quantised_minilm_backend()`).

`group_stories` reads and embeds the articles and leaves the decision to `group_traits`, which
needs only each article's traits and vector: batch mode reads those on its workers and decides on
its driver (at archive scale through crosswire.compare.archive_stories, one time window at a time).

The result does not depend on input order: articles are sorted by source before anything is
computed, ties are broken by source, and a story's id is a hash of its members' sources. Existing
stories keep their ids; new articles join them and existing stories are never merged.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy import sparse

from crosswire.compare.embeddings import EmbeddingBackend, HashingBackend
from crosswire.compare.site_furniture import site_furniture
from crosswire.compare.story_merging import (
    EMBEDDING_SHARE,
    GROUP_AVERAGE_MIN,
    YEAR_MISMATCH_PENALTY,
    StoryGroups,
)
from crosswire.compare.story_titles import story_title
from crosswire.compare.story_traits import ArticleTraits, embed, read_traits
from crosswire.model import Article, Story

# Thresholds marked "ECB+ train" were set by benchmarks/bench_ecbplus.py on the ECB+ training
# topics only (never the dev topics 2, 5, 12, 18, 21, 23, 34, 35).
# Chosen by the best train B-cubed F1 averaged over the neighbouring grid points (a smooth optimum
# generalises better than a sharp one), with the int8 MiniLM (`quantised_minilm_backend`), and
# checked on the invented 1k pile of benchmarks/bench_grouping_speed.py (B3 F1 1.000 there).
LINK_MIN = 0.30  # ECB+ train: pair score above the background at which two articles are linked
# Both thresholds count above the pile's background: the average similarity of two random articles
# of the pile. A pile of one beat's reports is alike throughout; thresholds fixed for a pile of many
# beats glued its stories together (invented 1k pile: B3 F1 .45 with fixed thresholds, 1.00 so).
BACKGROUND_WEIGHT = 1.0
BACKGROUND_MIN_ARTICLES = 100  # smaller piles: no background (a dossier's few pages are one story)
BACKGROUND_MAX = 0.25  # a pile of one story's many reports must still link (judgement)
CANDIDATE_MIN = 0.20  # below any link: pairs under this cosine are not scored further
# Extra evidence (quotes and dates are rare in ECB+; judgement, unmeasured, but names):
# ECB+ train: x Jaccard of names (annotated entities, else capitalised word runs of the text).
# Train B3 F1 .882 (no names) / .885 / .889 / .891 / .890 / .887 at .3 / .45 / .6 / .75 / .9;
# .6 is best averaged with its neighbours. Dev: .873 without names, .882 at .6.
ENTITY_WEIGHT = 0.6
QUOTE_WEIGHT = 0.15  # x share of quotes in common
FAR_APART_DAYS = 10  # published further apart than this: probably a different event
FAR_APART_PENALTY = 0.15
# Candidate generation (speed, not quality: benchmarks/bench_grouping_speed.py).
ALL_PAIRS_MAX = 2_000  # up to this many articles every pair is compared (in blocks)
BLOCK_ROWS = 1_024
PAIR_CHUNK = 65_536  # pairs whose vectors are gathered at once
# Candidates kept per article: a story's articles link through their nearest. 15 split a pile of
# one story's 150 retellings into 7 groups (30: 2); ECB+ train/dev unchanged (speed bench: linear).
NEIGHBOURS = 30
NUM_PERM = 64
MINHASH_THRESHOLD = 0.3
RARE_WORD_SHARE = 0.01  # a word in more than this share of the pile is too common to index
RARE_WORD_MIN_LIMIT = 20  # (but a word in up to this many articles is always rare enough)
HYPERPLANE_TABLES = 16
BUCKET_TARGET = 32  # average articles per hyperplane bucket
# Told how grouping goes: the step ("words", "links", ...), the articles done and in all.
GroupingProgress = Callable[[str, int, int], None]


def group_stories(
    articles: Sequence[Article],
    *,
    backend: EmbeddingBackend | None = None,
    existing: Sequence[Story] = (),
) -> list[Story]:
    """Every article in exactly one story; biggest stories first.

    `existing` stories keep their ids and members; pass their articles too (their text is what new
    articles are matched against). Without a backend a `HashingBackend` is used (word overlap).
    """
    furniture = site_furniture(articles)
    every = sorted(
        {a.source: read_traits(a, furniture.get(a.source, frozenset())) for a in articles}.values(),
        key=lambda t: t.source,
    )
    if not every and not existing:
        return []
    # Copies are embedded once (their text is the same, so is their vector).
    copies = _copies_of(every, _seed_labels(every, existing))
    distinct = embed([every[members[0]] for members in copies], backend or HashingBackend())
    vectors = np.empty((len(every), distinct.shape[1]), dtype=np.float32)
    for row, members in enumerate(copies):
        vectors[members] = distinct[row]
    groups = group_traits(every, vectors, existing=existing)
    input_order = {a.source: n for n, a in enumerate(articles)}
    return _stories({a.source: a for a in articles}, groups, existing, input_order)


def group_traits(
    traits: Sequence[ArticleTraits],
    vectors: np.ndarray,
    *,
    existing: Sequence[Story] = (),
    on_progress: GroupingProgress | None = None,
) -> list[tuple[str | None, list[str]]]:
    """The grouping `group_stories` decides, from each article's traits and vector (a unit row,
    as `embed` gives it; row n is traits[n]'s): per group, the id of the existing story it
    continues (None for a new story) and its members' sources, sorted. Every source in exactly
    one group (of a source given twice, the last); biggest groups first, ties by first source.
    The result does not depend on the order of the traits."""
    last = {t.source: n for n, t in enumerate(traits)}
    order = sorted(last.values(), key=lambda n: traits[n].source)
    if not order:
        return []
    every = [traits[n] for n in order]
    # Copies (the same title, lead and words) are grouped once: 600 reprints of one wire story
    # would otherwise be the pile's "background" and set every other report of the story aside.
    every_label = _seed_labels(every, existing)
    copies = _copies_of(every, every_label)
    rows = [order[members[0]] for members in copies]
    distinct = [traits[n] for n in rows]
    distinct_vectors = np.ascontiguousarray(vectors[rows], dtype=np.float32)
    progress = on_progress or _no_progress
    progress("words", 0, len(distinct))
    words = word_vectors(distinct)
    above = BACKGROUND_WEIGHT * background(distinct_vectors, words)
    progress("links", 0, len(distinct))
    labels = [every_label[members[0]] for members in copies]
    groups = linked_groups(distinct, distinct_vectors, words, labels, above)
    progress("links", len(distinct), len(distinct))
    found = [
        (label, sorted(every[n].source for d in members for n in copies[d]))
        for label, members in groups.members()
    ]
    return sorted(found, key=lambda g: (-len(g[1]), g[1][0]))


def _no_progress(step: str, done: int, total: int) -> None:
    """No one is told."""


def linked_groups(
    traits: Sequence[ArticleTraits],
    vectors: np.ndarray,
    words: sparse.csr_matrix,
    labels: Sequence[str | None],
    above: float,
) -> StoryGroups:
    """The articles' groups: candidate pairs linked best first while they score LINK_MIN above
    the background (`above`) and their groups stay coherent (articles of one existing story,
    the same label, start together; two labels are never merged)."""
    link_min = LINK_MIN + above
    pairs = candidate_pairs(traits, vectors)
    scored = score_pairs(traits, vectors, words, pairs, at_least=link_min)
    del pairs  # millions of them in a large pile
    groups = StoryGroups(
        vectors, words, list(labels), [t.year for t in traits], [t.names for t in traits]
    )
    groups.average_min = GROUP_AVERAGE_MIN + above
    for _, i, j in scored:
        groups.merge_if_coherent(i, j)
    return groups


def _copies_of(traits: Sequence[ArticleTraits], labels: Sequence[str | None]) -> list[list[int]]:
    """Indices of the traits by copy: the same title, lead, words and existing story (pages with
    no words are never copies: they are grouped with nothing)."""
    at: dict[tuple[object, ...], int] = {}
    out: list[list[int]] = []
    for n, t in enumerate(traits):
        key = (labels[n], t.text, t.words, t.title)
        if t.words and key in at:
            out[at[key]].append(n)
        else:
            at[key] = len(out)
            out.append([n])
    return out


def background(vectors: np.ndarray, words: sparse.csr_matrix) -> float:
    """The mixed similarity of two distinct random articles of the pile, on average (from the row
    sums: |sum|^2 - sum of |row|^2 is every ordered pair's dot product), capped at BACKGROUND_MAX;
    0 for piles under BACKGROUND_MIN_ARTICLES, too small to tell a beat from a story."""
    count = len(vectors)
    if count < BACKGROUND_MIN_ARTICLES:
        return 0.0
    pairs = count * (count - 1)
    summed = vectors.sum(axis=0, dtype=np.float64)
    embedding = (float(summed @ summed) - float(np.square(vectors, dtype=np.float64).sum())) / pairs
    word_sum = np.asarray(words.sum(axis=0)).ravel()
    lexical = (float(word_sum @ word_sum) - float(words.multiply(words).sum())) / pairs
    mixed = EMBEDDING_SHARE * embedding + (1 - EMBEDDING_SHARE) * lexical
    return min(max(mixed, 0.0), BACKGROUND_MAX)


def word_vectors(traits: Sequence[ArticleTraits]) -> sparse.csr_matrix:
    """TF-IDF rows (sublinear counts, IDF of this pile), unit length: shared rare words weigh."""
    vocabulary: dict[str, int] = {}
    rows, columns, values = [], [], []
    for row, trait in enumerate(traits):
        for word, count in Counter(trait.words).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
            values.append(1.0 + np.log(count))
    shape = (len(traits), max(len(vocabulary), 1))
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=shape, dtype=np.float64)
    document_frequency = np.bincount(columns, minlength=shape[1])
    idf = np.log((1 + len(traits)) / (1 + document_frequency)) + 1.0
    matrix = matrix @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def score_pairs(
    traits: Sequence[ArticleTraits],
    vectors: np.ndarray,
    words: sparse.csr_matrix,
    pairs: Sequence[tuple[int, int]],
    at_least: float = -np.inf,
) -> list[tuple[float, int, int]]:
    """Candidate pairs scoring `at_least` with their scores, best first (ties by position, so by
    source). Linking reads only the pairs above its threshold: millions of others need not be
    kept (benchmarks/bench_archive_grouping.py)."""
    if not pairs:
        return []
    first = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    second = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    embedding = _pair_cosines(vectors, first, second)
    lexical = np.empty(len(first), dtype=np.float64)
    for start in range(0, len(first), PAIR_CHUNK):  # gathering every pair's rows at once: GBs
        part = slice(start, start + PAIR_CHUNK)
        rows = words[first[part]].multiply(words[second[part]])
        lexical[part] = np.asarray(rows.sum(axis=1)).ravel()
    mixed = EMBEDDING_SHARE * embedding + (1 - EMBEDDING_SHARE) * lexical
    scored = [
        (score, i, j)
        for m, i, j in zip(mixed, first.tolist(), second.tolist(), strict=True)
        if (score := pair_score(traits[i], traits[j], float(m))) >= at_least
    ]
    return sorted(scored, key=lambda s: (-s[0], s[1], s[2]))


def pair_score(a: ArticleTraits, b: ArticleTraits, similarity: float) -> float:
    """Text similarity, raised by shared names and quotes, lowered by far-apart dates."""
    if not a.words or not b.words:
        return -1.0  # a page with no words (no title, no text) reports no story: never linked
    score = similarity
    if a.names and b.names:
        score += ENTITY_WEIGHT * len(a.names & b.names) / len(a.names | b.names)
    if a.quotes and b.quotes:
        score += QUOTE_WEIGHT * len(a.quotes & b.quotes) / min(len(a.quotes), len(b.quotes))
    if a.published and b.published and abs((a.published - b.published).days) > FAR_APART_DAYS:
        score -= FAR_APART_PENALTY
    if a.year and b.year and a.year != b.year:
        score -= YEAR_MISMATCH_PENALTY
    return score


# --- candidate pairs -------------------------------------------------------------------------


def candidate_pairs(traits: Sequence[ArticleTraits], vectors: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, sorted: all close pairs for small piles, else LSH
    neighbours. Pairs travel as int64 codes i * n + j so that sets of them stay in numpy."""
    count = len(traits)
    if count <= ALL_PAIRS_MAX:
        codes = np.unique(_close_pairs(vectors, np.arange(count)))
    else:
        found = np.concatenate([_minhash_pairs(traits, vectors), _hyperplane_pairs(vectors)])
        codes = _nearest_only(np.unique(found), vectors)
    return list(
        zip((codes // max(count, 1)).tolist(), (codes % max(count, 1)).tolist(), strict=True)
    )


def _codes(first: np.ndarray, second: np.ndarray, count: int) -> np.ndarray:
    """Pair codes min * count + max of two index arrays, self pairs dropped."""
    low, high = np.minimum(first, second), np.maximum(first, second)
    keep = low != high
    return low[keep].astype(np.int64) * count + high[keep]


def _close_pairs(vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Codes of each row's NEIGHBOURS closest rows among `rows` (cosine >= CANDIDATE_MIN)."""
    subset = vectors[rows]
    keep = min(NEIGHBOURS + 1, len(rows))
    found = []
    for start in range(0, len(rows), BLOCK_ROWS):
        block = subset[start : start + BLOCK_ROWS] @ subset.T
        nearest = np.argpartition(-block, keep - 1, axis=1)[:, :keep]
        close = np.take_along_axis(block, nearest, axis=1) >= CANDIDATE_MIN
        own = np.broadcast_to(np.arange(start, start + len(block))[:, None], nearest.shape)
        found.append(_codes(rows[own[close]], rows[nearest[close]], len(vectors)))
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _nearest_only(codes: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Only the pairs among each article's NEIGHBOURS closest candidates (bounded work)."""
    if not len(codes):
        return codes
    first, second = codes // len(vectors), codes % len(vectors)
    cosine = _pair_cosines(vectors, first, second)
    kept = []
    for side in (first, second):
        order = np.lexsort((codes, -cosine, side))  # ties by code: deterministic
        rank = np.arange(len(order)) - np.searchsorted(side[order], side[order])
        kept.append(codes[order[(rank < NEIGHBOURS) & (cosine[order] >= CANDIDATE_MIN)]])
    return np.unique(np.concatenate(kept))


def _pair_cosines(vectors: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Row dot products of pairs, in chunks (gathering millions of rows at once costs GBs)."""
    cosine = np.empty(len(first), dtype=np.float32)
    for start in range(0, len(first), PAIR_CHUNK):
        part = slice(start, start + PAIR_CHUNK)
        cosine[part] = np.einsum("ij,ij->i", vectors[first[part]], vectors[second[part]])
    return cosine


def _rare_words(traits: Sequence[ArticleTraits]) -> list[set[bytes]]:
    """Each article's words that few articles of the pile share, and its entity names.

    Words common in the pile (function words, a beat's vocabulary) would put every article in
    every LSH bucket; rare words and names are what two reports of one story share.
    """
    word_sets = [set(t.words) for t in traits]
    frequency = Counter(word for words in word_sets for word in words)
    limit = max(RARE_WORD_MIN_LIMIT, RARE_WORD_SHARE * len(traits))
    return [
        {w.encode() for w in words if frequency[w] <= limit}
        | {f"name:{n}".encode() for n in trait.names}
        for words, trait in zip(word_sets, traits, strict=True)
    ]


def _minhash_pairs(traits: Sequence[ArticleTraits], vectors: np.ndarray) -> np.ndarray:
    """Codes of each article's closest candidates among those MinHash LSH finds alike in rare
    words."""
    shingle_sets = _rare_words(traits)
    hashes = MinHash.bulk(shingle_sets, num_perm=NUM_PERM)
    index = MinHashLSH(threshold=MINHASH_THRESHOLD, num_perm=NUM_PERM)
    for n, minhash in enumerate(hashes):
        if shingle_sets[n]:
            index.insert(n, minhash)
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for n, minhash in enumerate(hashes):
        if not shingle_sets[n]:
            continue
        alike = np.array(sorted(m for m in index.query(minhash) if m != n), dtype=np.int64)
        if len(alike) > NEIGHBOURS:
            alike = alike[np.argsort(-(vectors[alike] @ vectors[n]), kind="stable")[:NEIGHBOURS]]
        found.append(_codes(np.full(len(alike), n), alike, len(traits)))
    return np.concatenate(found)


def _hyperplane_pairs(vectors: np.ndarray) -> np.ndarray:
    """Codes of close pairs sharing a random-hyperplane bucket in any of several tables.

    Each table cuts the space by enough hyperplanes that a bucket holds ~BUCKET_TARGET articles,
    so the work grows linearly with the pile; close pairs share a bucket in some table.
    """
    count, dimension = vectors.shape
    bits = max(1, int(np.ceil(np.log2(max(count / BUCKET_TARGET, 2)))))
    generator = np.random.default_rng(20251123)  # fixed: the same pile gives the same groups
    weights = 1 << np.arange(bits)
    # Embeddings crowd into one cone; cutting through their mean keeps the buckets even.
    centred = vectors - vectors.mean(axis=0)
    found: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for _ in range(HYPERPLANE_TABLES):
        planes = generator.standard_normal((dimension, bits)).astype(np.float32)
        keys = ((centred @ planes) > 0).astype(np.int64) @ weights
        table = [_close_pairs(vectors, rows) for rows in _buckets(keys) if len(rows) > 1]
        # Each table's pairs once: most close pairs share a bucket in many tables, and 16 tables'
        # repeats of 100,000 articles' pairs took GBs (benchmarks/bench_archive_grouping.py).
        found.append(np.unique(np.concatenate([found[0], *table])))
    return np.unique(np.concatenate(found))


def _buckets(keys: np.ndarray) -> Iterable[np.ndarray]:
    order = np.argsort(keys, kind="stable")
    cuts = np.nonzero(np.diff(keys[order]))[0] + 1
    return np.split(order, cuts)


# --- linking -------------------------------------------------------------------------------


def _seed_labels(traits: Sequence[ArticleTraits], existing: Sequence[Story]) -> list[str | None]:
    """For each article, the id of the existing story it already belongs to (first one wins)."""
    owner: dict[str, str] = {}
    for story in sorted(existing, key=lambda s: s.id):
        for source in story.articles:
            owner.setdefault(source, story.id)
    return [owner.get(t.source) for t in traits]


# --- stories -------------------------------------------------------------------------------


def _stories(
    by_source: dict[str, Article],
    groups: list[tuple[str | None, list[str]]],
    existing: Sequence[Story],
    input_order: dict[str, int],
) -> list[Story]:
    by_id = {s.id: s for s in existing}
    stories: list[Story] = []
    for label, sources in groups:
        members = [by_source[s] for s in sources]
        if label is None:
            ordered = sorted(sources, key=lambda s: input_order.get(s, 0))
            stories.append(Story(story_id_for(sources), story_title(members), tuple(ordered)))
            continue
        old = by_id[label]
        new = sorted(set(sources) - set(old.articles), key=lambda s: input_order.get(s, 0))
        title = old.title or story_title(members)
        stories.append(Story(old.id, title, old.articles + tuple(new)))
    present = {label for label, _ in groups}
    stories.extend(s for s in existing if s.id not in present)
    return sorted(stories, key=lambda s: (-len(s.articles), s.id))


def story_id_for(sources: Iterable[str]) -> str:
    """A stable id from the member sources (the same members give the same id)."""
    digest = hashlib.blake2b("\n".join(sorted(sources)).encode("utf-8"), digest_size=6)
    return "story-" + digest.hexdigest()
