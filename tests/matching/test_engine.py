import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchmaker.matching.documents import Document
from matchmaker.matching.engine import MatchIndex, Settings

CHALLENGES = [
    Document(
        "C-seal",
        "Fugas en la soldadura de bolsas doypack",
        "Envasamos salsas en bolsas. Queda producto atrapado en la soldadura y las bolsas pierden la "
        "hermeticidad. Buscamos una inspección sin contacto del 100 % del sellado.",
        language="es",
    ),
    Document(
        "C-oxygen",
        "Restsauerstoff in Käseverpackungen messen",
        "Wir verpacken Käse unter Schutzatmosphäre und wollen den Sauerstoffgehalt im Kopfraum jeder "
        "Packung zerstörungsfrei prüfen.",
    ),
]
CAPABILITIES = [
    Document(
        "P-thermo",
        "Thermographic seal inspection of pouches and trays",
        "Thermal cameras watch each heat seal as it cools after the sealing jaws; trapped product and "
        "wrinkles show up as anomalies, and faulty packs are rejected.",
        language="en",
    ),
    Document(
        "P-tdlas",
        "Mesure laser de l'oxygène dans l'espace de tête",
        "Nos analyseurs par diode laser accordable mesurent l'oxygène résiduel à travers l'emballage, "
        "sans aiguille.",
    ),
    Document(
        "P-solar",
        "Thermografie von Solarmodulen",
        "Drohnen mit Wärmebildkameras finden Hotspots in Solarparks und Photovoltaikanlagen.",
    ),
    Document(
        "P-stars",
        "Adaptive optics for telescopes",
        "Deformable mirrors and wavefront sensors for astronomical observatories and satellites.",
    ),
]


@pytest.fixture(scope="module")
def index():
    return MatchIndex.fit(CHALLENGES, CAPABILITIES)


def test_cross_lingual_best_matches(index):
    assert [m.capability_id for m in index.top_capabilities("C-seal", k=2)] == ["P-thermo", "P-solar"]
    assert index.top_capabilities("C-oxygen", k=1)[0].capability_id == "P-tdlas"


def test_explanation_names_seal_and_thermography_in_the_readers_language(index):
    assert index.explain("C-seal", "P-thermo", lang="es")[:2] == (
        "calidad del sellado",
        "calidad del sellado ↔ termografía",
    )
    assert "seal quality ↔ thermography" in index.explain("C-seal", "P-thermo", lang="en")


def test_explanation_of_headspace_oxygen_in_german(index):
    assert "Sauerstoff im Kopfraum" in index.explain("C-oxygen", "P-tdlas", lang="de")


def test_top_k_matches_carry_their_explanations(index):
    best = index.top_capabilities("C-seal", k=1, lang="en")[0]
    assert best.why == index.explain("C-seal", "P-thermo", lang="en")


def test_scores_lie_in_unit_interval_and_agree_with_the_matrix(index):
    matrix = index.score_matrix()
    assert ((matrix >= 0) & (matrix <= 1 + 1e-12)).all()
    assert index.score("C-oxygen", "P-tdlas") == matrix[1, 1]


def test_non_food_lookalike_ranks_below_the_food_offer(index):
    assert index.score("C-seal", "P-solar") < index.score("C-seal", "P-thermo") / 2


def test_allowed_filters_capabilities_before_taking_the_top(index):
    matches = index.top_capabilities("C-seal", k=2, allowed={"P-tdlas", "P-stars"})
    assert [m.capability_id for m in matches] == ["P-tdlas", "P-stars"]


def test_allowed_filters_challenges_so_hidden_ones_never_appear(index):
    assert [m.challenge_id for m in index.top_challenges("P-thermo", k=5, allowed={"C-oxygen"})] == ["C-oxygen"]
    assert index.top_challenges("P-thermo", k=5, allowed=set()) == []


def test_top_pairs_are_the_strongest_overall(index):
    matches = index.top_pairs(2)
    assert {(m.challenge_id, m.capability_id) for m in matches} == {("C-seal", "P-thermo"), ("C-oxygen", "P-tdlas")}
    assert matches[0].score > matches[1].score


def test_top_pairs_filter_before_taking_the_top(index):
    matches = index.top_pairs(2, allowed_challenges={"C-seal"}, allowed_capabilities={"P-tdlas", "P-stars"})
    assert [(m.challenge_id, m.capability_id) for m in matches] == [("C-seal", "P-tdlas"), ("C-seal", "P-stars")]
    assert index.top_pairs(3, allowed_challenges=[]) == []


def test_score_block_is_the_sub_matrix_in_the_given_order(index):
    block = index.score_block(["C-oxygen", "C-seal"], ["P-tdlas", "P-thermo", "P-tdlas"])
    assert block.shape == (2, 3)
    assert block.tolist() == [
        [index.score(c, p) for p in ("P-tdlas", "P-thermo", "P-tdlas")] for c in ("C-oxygen", "C-seal")
    ]
    assert block.tolist() == index.score_matrix()[[1, 0]][:, [1, 0, 1]].tolist()


def test_explanations_need_no_new_analysis(index):
    assert not hasattr(index, "_analyzer")
    assert index.explain("C-seal", "P-stars") == index.explain("C-seal", "P-stars", lang="es")


def test_an_offer_whose_limits_rule_out_the_challenges_product_ranks_below_one_that_does_not():
    challenge = Document("C", "Inspect cheese packs", "We need to check every cheese tray for defects.", language="en")
    limited = Document("P-limited", "Tray inspection camera",
                       "Our camera inspects packs for defects. It is not suitable for cheese.", language="en")
    plain = Document("P-plain", "Tray inspection camera",
                     "Our camera inspects packs for defects. It is suitable for many foods.", language="en")
    with_limits = MatchIndex.fit([challenge], [limited, plain])
    without = MatchIndex.fit([challenge], [limited, plain], Settings(against=0.0))
    assert with_limits.score("C", "P-limited") < with_limits.score("C", "P-plain")
    assert with_limits.score("C", "P-limited") < without.score("C", "P-limited")


def test_the_language_prior_lowers_same_language_pairs_only():
    challenges = [Document("C-en", "Seal leaks on pouches", "Pouches leak at the seal.", language="en")]
    capabilities = [
        Document("P-en", "Seal inspection of pouches", "Thermography finds leaking seals on pouches.", language="en"),
        Document("P-de", "Siegelnahtprüfung", "Thermografie findet undichte Siegelnähte an Beuteln.", language="de"),
    ]
    plain = MatchIndex.fit(challenges, capabilities, Settings(language_prior=0.0))
    prior = MatchIndex.fit(challenges, capabilities, Settings(language_prior=1.0))
    assert prior.score("C-en", "P-en") < plain.score("C-en", "P-en")
    assert prior.score("C-en", "P-de") == plain.score("C-en", "P-de")


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        MatchIndex.fit([CHALLENGES[0], CHALLENGES[0]], CAPABILITIES)


WORDS = ["seal", "leak", "oxygen", "thermography", "pouch", "laser", "Siegelnaht", "fuga", "verre", "x"]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)


def corpus(prefix, size):
    return st.lists(texts, min_size=size, max_size=size).map(
        lambda bodies: [Document(f"{prefix}{i:02d}", body[:12], body, language="en") for i, body in enumerate(bodies)]
    )


def brute_force(matrix, ids, k):
    return [[ids[j] for j in sorted(range(len(ids)), key=lambda j: (-row[j], ids[j]))[:k]] for row in matrix]


@settings(max_examples=25, deadline=None)
@given(
    st.integers(1, 6).flatmap(lambda n: corpus("C", n)),
    st.integers(1, 6).flatmap(lambda m: corpus("P", m)),
    st.integers(1, 4),
)
def test_rankings_equal_a_dense_brute_force_on_random_corpora(challenges, capabilities, k):
    challenges, capabilities = challenges[::-1], capabilities[::-1]  # ids out of order: ties go by id
    index = MatchIndex.fit(challenges, capabilities)
    matrix = index.score_matrix()
    cap_ids, ch_ids = index.capability_ids, index.challenge_ids
    forward, backward = index.all_top_k(k, chunk_rows=2)
    assert [[c for c, _ in forward[i]] for i in ch_ids] == brute_force(matrix, cap_ids, k)
    assert [[c for c, _ in backward[j]] for j in cap_ids] == brute_force(matrix.T, ch_ids, k)
    first, last = ch_ids[0], cap_ids[-1]
    assert [m.capability_id for m in index.top_capabilities(first, k)] == brute_force(matrix, cap_ids, k)[0]
    assert [m.challenge_id for m in index.top_challenges(last, k)] == brute_force(matrix.T, ch_ids, k)[-1]
    pairs = sorted(((i, j) for i in range(len(ch_ids)) for j in range(len(cap_ids))),
                   key=lambda p: (-matrix[p], ch_ids[p[0]], cap_ids[p[1]]))[:k]
    expected = [(ch_ids[i], cap_ids[j]) for i, j in pairs]
    assert [(m.challenge_id, m.capability_id) for m in index.top_pairs(k)] == expected
    assert np.all((matrix >= 0) & (matrix <= 1))


def test_large_corpus_uses_the_low_rank_form_and_stays_exact_against_its_own_matrix():
    words = ["seal", "leak", "oxygen", "thermography", "pouch", "laser", "glass", "crack", "film", "label"]
    rng = np.random.default_rng(5)

    def documents(prefix, n):
        return [Document(f"{prefix}{i:03d}", "", " ".join(rng.choice(words, 6)) + f" code{i}", language="en")
                for i in range(n)]
    small = Settings(word_rank=4, char_rank=6, rank_sample=50)
    index = MatchIndex.fit(documents("C", 40), documents("P", 60), small)
    # 100 documents, ranks 4 and 6, the concepts, and one language-prior column for the one language
    assert index._left.shape[1] == 4 + 6 + len(index.space.ids) + 1
    matrix = index.score_matrix()
    forward, _ = index.all_top_k(5, chunk_rows=7)
    assert [[c for c, _ in forward[i]] for i in index.challenge_ids] == brute_force(matrix, index.capability_ids, 5)


@pytest.mark.parametrize("sides", [(0, 0), (1, 0), (0, 1)])
def test_empty_sides_fit_and_rank_nothing(sides):
    """A new site has no challenges or no capabilities yet: fitting must work and rankings are empty."""
    challenges, capabilities = CHALLENGES[: sides[0]], CAPABILITIES[: sides[1]]
    index = MatchIndex.fit(challenges, capabilities)
    assert index.top_pairs(k=5) == []
    for document in challenges:
        assert index.top_capabilities(document.id, k=5) == []
    for document in capabilities:
        assert index.top_challenges(document.id, k=5) == []


def test_the_language_offset_is_the_mean_same_language_product_of_the_rows_it_is_given():
    from matchmaker.matching.fitting import _language_prior

    text = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])  # challenge en; offers en, en, de
    columns = _language_prior([text[:, :1], text[:, 1:]], ["en", "en", "en", "de"], n_left=1, strength=1.5)
    assert columns.tolist() == [[0.0, -0.75], [0.0, 1.0], [0.0, 1.0], [0.0, 0.0]]  # columns de, en


def test_the_language_prior_takes_only_word_and_character_evidence_from_a_lone_same_language_pair():
    challenges = [Document("C-en", "Seal leaks on pouches", "Pouches leak at the seal.", language="en")]
    capabilities = [
        Document("P-en", "Seal inspection of pouches", "Thermography finds leaking seals on pouches.", language="en"),
        Document("P-de", "Siegelnahtprüfung", "Thermografie findet undichte Siegelnähte an Beuteln.", language="de"),
    ]
    prior = MatchIndex.fit(challenges, capabilities, Settings(language_prior=1.0))
    concepts_only = MatchIndex.fit(
        challenges, capabilities, Settings(word_share=0.0, char_share=0.0, concept_share=1.0, language_prior=0.0)
    )
    # The mean English pair is this pair, so its word and character score goes and its concept share stays.
    assert concepts_only.score("C-en", "P-en") > 0
    assert prior.score("C-en", "P-en") == pytest.approx(
        Settings().concept_share * concepts_only.score("C-en", "P-en"), abs=1e-6
    )
