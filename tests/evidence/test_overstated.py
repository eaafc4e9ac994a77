"""Overstated-claim rules against hand-made cards of each kind of design.

Each claim carries the sentence attributes the real attribute heads read from it (committed
weights, real encoder), as the claim reader attaches them in the pipeline: these tests check
the policy and the heads' readings together.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import pytest

from bot.atlas.types import AtlasCard
from bot.evidence.claim_model import ClaimReader
from bot.evidence.overstated import judge, low_evidence, weakly_linked
from bot.evidence.types import Claim, SentenceAttributes, Strength
from models.heads import SentenceHeads

pytestmark = pytest.mark.slow


def read(text: str) -> SentenceAttributes:
    """The attributes the committed heads read from one sentence."""
    return ClaimReader.default().attributes([text])[0]


def card(
    design: str,
    level: str = "E2",
    label: str = "Moderate",
    badges: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
) -> AtlasCard:
    return AtlasCard(
        id=f"test-{design.lower().replace(' ', '-')}-{level}",
        title="A test card",
        design=design,
        evidence_level=level,
        evidence_label=label,
        badges=badges,
        method_flags=flags,
    )


def claim(text: str, strength: Strength = "direct_causal") -> Claim:
    return Claim(text=text, span=(0, len(text)), strength=strength, cites=("x",), attributes=read(text))


CASE_CONTROL = card("Case-Control")
BIG_RCT = card("RCT", level="E1", label="Strong")
SMALL_RCT = card("RCT", level="E3", label="Preliminary", badges=("Preliminary",), flags=("Small Sample",))
NEGATIVE_RCT = card("RCT", level="E1", label="Strong", badges=("Negative result",))
OPEN_LABEL = card("Open-label single-arm trial", level="E4", label="Limited", flags=("No Control Group",))
RETRACTED = card(
    "Case-Control", level="E5", label="Very limited", badges=("Retracted",), flags=("Retracted",)
)
REVIEW = card("Review", level="E4", label="Limited")


def test_no_card_is_never_overstated() -> None:
    assert judge(claim("Mould causes ME."), []) == (False, None)


def test_cause_on_a_case_control_study_is_overstated_with_a_plain_reason() -> None:
    overstated, reason = judge(claim("Low serotonin is what causes the fatigue."), [CASE_CONTROL])
    assert overstated
    assert reason == (
        "Worded as cause and effect, but this was a case-control study: it shows a difference, not a cause."
    )


def test_cause_on_a_review_explains_what_a_review_can_show() -> None:
    overstated, reason = judge(claim("Viral persistence causes the illness."), [REVIEW])
    assert overstated
    assert reason is not None
    assert "sums up other studies" in reason


def test_hedged_and_correlational_claims_are_not_overstated() -> None:
    assert judge(claim("Low serotonin may cause the fatigue.", "conditional_causal"), [CASE_CONTROL]) == (
        False,
        None,
    )
    assert judge(claim("Serotonin was lower in patients.", "correlational"), [CASE_CONTROL]) == (False, None)


def test_accurate_report_of_a_controlled_trial_is_not_overstated() -> None:
    text = "The drug lowered pain scores by 12% more than placebo after six months."
    assert judge(claim(text), [SMALL_RCT]) == (False, None)


def test_a_trial_report_without_figures_is_not_overstated() -> None:
    """The about head reads this report as a description; a description states what was seen,
    so the policy does not judge it as a cause."""
    assert judge(claim("The trial found the drug beat usual care."), [BIG_RCT]) == (False, None)


def test_bare_efficacy_on_a_small_trial_is_overstated() -> None:
    overstated, reason = judge(claim("Mestinon works for orthostatic intolerance."), [SMALL_RCT])
    assert overstated
    assert reason is not None
    assert "E3 Preliminary" in reason


def test_efficacy_on_an_uncontrolled_trial_is_overstated_even_when_reported() -> None:
    assert judge(claim("The pilot showed plasma exchange helps fatigue."), [OPEN_LABEL])[0]


def test_cure_words_go_beyond_any_trial() -> None:
    overstated, reason = judge(claim("Graded walking cures the illness."), [BIG_RCT])
    assert overstated
    assert reason is not None
    assert '"cures"' in reason


def test_negative_trial_reported_as_negative_is_fine_but_claimed_as_working_is_not() -> None:
    assert judge(claim("The antiviral did not improve fatigue compared with placebo."), [NEGATIVE_RCT]) == (
        False,
        None,
    )
    overstated, reason = judge(claim("The antiviral improves fatigue."), [NEGATIVE_RCT])
    assert overstated
    assert reason is not None
    assert "no benefit" in reason


def test_cause_claim_on_a_treatment_trial_is_overstated() -> None:
    overstated, reason = judge(claim("T cells are clearly the root cause."), [BIG_RCT])
    assert overstated
    assert reason is not None
    assert "tested a treatment" in reason


def test_treatment_claim_on_an_observational_study_is_overstated() -> None:
    overstated, reason = judge(claim("Taking probiotics will reverse the illness."), [CASE_CONTROL])
    assert overstated
    assert reason is not None
    assert "tested no treatment" in reason


def test_retracted_finding_as_fact_is_overstated_but_as_history_is_not() -> None:
    fact = claim("A 2010 paper found the bacterium in 70% of patients.", "correlational")
    history = claim(
        "In 2010 a journal reported the bacterium in 70% of patients, then retracted it.", "correlational"
    )
    assert judge(fact, [RETRACTED])[0]
    assert judge(history, [RETRACTED]) == (False, None)
    assert judge(claim("The bacterium causes ME and they retracted it for no reason."), [RETRACTED])[0]


def test_any_overstating_card_is_enough() -> None:
    assert judge(claim("Mestinon works for orthostatic intolerance."), [BIG_RCT, SMALL_RCT])[0]


def test_low_evidence_only_when_every_card_is_e4_or_e5() -> None:
    note = low_evidence(claim("Plasma exchange helps.", "conditional_causal"), [OPEN_LABEL, REVIEW])
    assert note is not None
    assert "E4 Limited" in note
    assert "a review" in note
    assert low_evidence(claim("Plasma exchange helps."), [OPEN_LABEL, BIG_RCT]) is None
    assert low_evidence(claim("Plasma exchange helps."), []) is None


def test_a_meta_statement_about_what_a_study_does_not_show_is_never_overstated() -> None:
    for text in (
        "This does not prove that low serotonin causes the fatigue.",
        "It shows a difference rather than a cause.",
    ):
        assert judge(claim(text), [CASE_CONTROL]) == (False, None)


def test_a_cause_denied_as_fact_is_judged_like_any_cause() -> None:
    """ "X does not cause it" asserts what causes the illness as surely as "X causes it"; only
    talk about what the evidence shows is commentary."""
    for text in (
        "Poor sleep does not cause the crashes, the immune system does.",
        "Weak muscles are a result of the illness, not a cause.",
    ):
        overstated, reason = judge(claim(text), [CASE_CONTROL])
        assert overstated, text
        assert reason is not None
        assert "case-control" in reason
    for text in (
        "The scan found an association, not a cause.",
        "Nobody has shown that poor sleep causes the crashes.",
    ):
        assert judge(claim(text), [CASE_CONTROL]) == (False, None), text


def test_a_reviews_own_conclusion_on_a_treatment_is_not_overstated() -> None:
    review = card("Systematic Review", level="E2", label="Moderate")
    assert judge(claim("The review concluded that exercise therapy reduces fatigue."), [review]) == (
        False,
        None,
    )
    overstated, _ = judge(claim("The review shows exercise cures the illness."), [review])
    assert overstated


def test_hedged_or_correlational_reports_of_a_trial_are_not_overstated() -> None:
    cases: tuple[tuple[str, Strength], ...] = (
        ("10 of 15 improved against 2 of 15 on placebo.", "correlational"),
        ("The drug probably has a positive effect on fatigue.", "conditional_causal"),
        ("The trial enrolled 151 adults.", "none"),
    )
    for text, strength in cases:
        assert judge(claim(text, strength), [SMALL_RCT]) == (False, None)


# --- precision first: sentences that carry causal words without being the post's claim -----

GUT = AtlasCard(
    id="gut",
    title="Deficient butyrate-producing gut bacteria in ME/CFS",
    year=2023,
    authors=("Guo C", "Che X"),
    design="Case-Control",
    evidence_level="E2",
    evidence_label="Moderate",
)
NEG_TRIAL = AtlasCard(
    id="neg",
    title="B-lymphocyte depletion with rituximab: a randomised placebo-controlled trial",
    year=2019,
    authors=("Fluge O", "Mella O"),
    design="RCT",
    evidence_level="E1",
    evidence_label="Strong",
    badges=("Negative result",),
)
SINGLE_ARM = AtlasCard(
    id="ia",
    title="Immunoadsorption to remove beta2 adrenergic receptor antibodies",
    year=2018,
    design="Open-label single-arm trial",
    evidence_level="E4",
    evidence_label="Limited",
    method_flags=("No Control Group",),
)
XMRV = AtlasCard(
    id="xmrv",
    title="Detection of an infectious retrovirus, XMRV, in blood cells of patients with CFS",
    year=2009,
    authors=("Lombardi VC",),
    design="Case-Control",
    evidence_level="E5",
    evidence_label="Very limited",
    badges=("Retracted",),
    method_flags=("Retracted",),
)
PHASE3 = AtlasCard(
    id="ampligen",
    title="A double-blind, placebo-controlled trial of rintatolimod",
    year=2012,
    authors=("Strayer DR",),
    design="RCT",
    evidence_level="E3",
    evidence_label="Preliminary",
)

# A known miss, kept visible: the attribution head that reads the claim stack's input layer
# (2026-12-02; 5-fold F1 0.856 against 0.698 for the last layer, models/MODEL_CARD_attributes.md)
# reads these two reports of what others say as the post's own words.
LAYER3_ATTRIBUTION = "the layer-3 attribution head reads this third-party report as the post's own claim"

# Two reports the attribution head of lay batches 1-3 missed (F1 0.59) and the head refit with
# batch 4 reads (F1 0.70, models/MODEL_CARD_attributes.md) are plain cases below now.
# Each sentence is rated by the committed strength head, as in the pipeline, then judged.
NOT_OVERSTATED = [
    # comparisons, counts and designs
    ("Butyrate-producing bacteria were lower in patients than in controls.", GUT),
    ("Patients had 30% less Faecalibacterium than healthy controls.", GUT),
    ("People with more severe ME had lower butyrate.", GUT),
    ("Patients with the most gut disruption reported the worst fatigue.", GUT),
    ("Lower butyrate went along with worse fatigue.", GUT),
    ("In the trial, 151 adults received rituximab or placebo.", NEG_TRIAL),
    ("Fatigue scores improved in 35% of the rituximab group and 26% of the placebo group.", NEG_TRIAL),
    ("On placebo, 26% responded versus 35% on rituximab.", NEG_TRIAL),
    ("Ten of fifteen patients improved after immunoadsorption, by their own reports.", SINGLE_ARM),
    ("Exercise capacity on rintatolimod rose 21% compared with placebo.", PHASE3),
    # accurate reports of a trial's own result
    ("Rintatolimod improved exercise tolerance by 21% over placebo.", PHASE3),
    ("The phase III trial showed rintatolimod improved exercise tolerance compared with placebo.", PHASE3),
    ("Rituximab failed to beat placebo in the large Norwegian trial.", NEG_TRIAL),
    ("The trial found that rituximab was not effective.", NEG_TRIAL),
    # what happened in a small controlled trial, in the past tense: its own result
    ("In that trial, rintatolimod lowered how much other medication people needed.", PHASE3),
    ("The drug also cut patients' reliance on symptom medicines during the study.", PHASE3),
    # reported speech the sentence itself disputes
    ("Some posts say butyrate will fix fatigue; the study tested no treatment.", GUT),
    ("People keep saying gut bacteria cause ME, but the study only compared patients and controls.", GUT),
    ("A viral post claims rituximab cures ME, yet the big trial found no benefit.", NEG_TRIAL),
    ("Headlines said the study proved ME is caused by the gut, which it did not.", GUT),
    pytest.param(
        "You'll read that XMRV causes ME; that paper was retracted.",
        XMRV,
        marks=pytest.mark.xfail(strict=True, reason=LAYER3_ATTRIBUTION),
    ),
    ("Some influencers claim immunoadsorption cures ME, but the study had no control group.", SINGLE_ARM),
    ("My neighbour insists gut bacteria cause ME, though the paper only found differences.", GUT),
    ("Influencers say the trial proved rituximab works, when in fact it found no benefit.", NEG_TRIAL),
    ("Only 17 patients were studied in depth, so the findings are best seen as leads to follow up.", GUT),
    # what a study did not show, causation denied
    ("The study did not show that gut bacteria cause ME.", GUT),
    ("Nobody has proven that butyrate causes the fatigue.", GUT),
    ("There is no evidence that gut bacteria cause ME.", GUT),
    ("It has not been shown that butyrate loss drives the illness.", GUT),
    ("The authors never claimed that gut bacteria cause ME.", GUT),
    ("Neither paper proves a cause, but together they show that patients differ.", GUT),
    # a retracted finding told as what a paper reported: history, not fact
    ("In 2009 a journal published a paper reporting the virus in most patients.", XMRV),
    # questions and hedges
    ("Does butyrate cause the fatigue?", GUT),
    ("So rituximab works for ME?", NEG_TRIAL),
    ("Gut bacteria might cause ME.", GUT),
    ("Butyrate probably helps some patients.", GUT),
    # another paper named in the sentence than the card it was linked to
    ("Fluge et al. 2011 reported that rituximab improved symptoms in a small trial.", NEG_TRIAL),
    ("The 2015 open-label study showed rituximab works.", NEG_TRIAL),
]
OVERSTATED = [
    ("Gut bacteria cause ME.", GUT),
    ("Missing gut bacteria are the root cause of ME.", GUT),
    ("Butyrate deficiency triggers the crashes.", GUT),
    ("Taking butyrate will reverse the fatigue.", GUT),
    ("Rituximab cures ME.", NEG_TRIAL),
    ("Rituximab works for ME.", NEG_TRIAL),
    ("Rituximab works, no matter what the sceptics say.", NEG_TRIAL),
    ("Immunoadsorption cures ME.", SINGLE_ARM),
    ("Ampligen works for severe ME.", PHASE3),
    # a general effect in the present tense, drawn from a small trial: the post generalises
    ("The trial showed that rintatolimod works.", PHASE3),
    ("Rintatolimod helps severe patients, and a placebo-controlled trial proved it.", PHASE3),
    ("XMRV causes chronic fatigue syndrome.", XMRV),
    ("XMRV causes ME and they retracted it because of politics.", XMRV),
    ("They claim the paper was retracted, but XMRV causes ME.", XMRV),
    ("Doctors say it's all in our heads, but gut bacteria cause ME.", GUT),
    ("The study proves gut bacteria cause ME, whatever doctors say.", GUT),
    ("The 2023 study proves gut bacteria cause ME.", GUT),
    # someone else's words passed on without a dispute: judged by their wording, as annotated
    ("A headline doing the rounds claims that antibodies prove ME/CFS is autoimmune.", GUT),
    ("Posts on TikTok say butyrate reverses ME.", GUT),
    ("Yet commentators have claimed that the study shows the fatigue is caused by reluctance to try.", GUT),
]


@lru_cache(maxsize=1)
def _strength_head() -> SentenceHeads:
    """The committed strength head without the analyzer's claim gate: these tests feed the
    policy sentences the claim head might not call claims, to test the policy itself."""
    return SentenceHeads(heads=("strength",))


def _rated(text: str) -> str:
    return _strength_head().classify([text])[0]["strength"].label


def _judged(text: str, target: AtlasCard, strength: str | None = None) -> tuple[bool, str | None]:
    """The policy's verdict, with the strength head's rating unless a strength is given."""
    claim = Claim(text, (0, len(text)), strength or _rated(text), (target.id,), attributes=read(text))
    return judge(claim, [target])


@pytest.mark.parametrize(("text", "target"), NOT_OVERSTATED)
def test_sentences_that_are_not_overstated(text: str, target: AtlasCard) -> None:
    assert _judged(text, target) == (False, None)


@pytest.mark.parametrize(("text", "target"), OVERSTATED)
def test_overstated_sentences_still_flagged_with_a_calm_reason(text: str, target: AtlasCard) -> None:
    """Every one of these is direct causal by the annotation rules; the policy flags each."""
    overstated, reason = _judged(text, target, "direct_causal")
    assert overstated
    assert reason is not None
    assert reason.endswith(".")
    assert "!" not in reason


@pytest.mark.parametrize(
    "text",
    [
        "I think gut bacteria cause ME.",
        "In my view the matter is settled: butyrate loss causes the crashes.",
        "Gut bacteria cause ME, the study suggests.",
    ],
)
def test_an_opinion_marker_does_not_overrule_a_direct_causal_rating(text: str) -> None:
    """Strength goes by the causal wording (the annotation rules); "I think" or "the study
    suggests" is no hedge of it, and the strength head reads real hedges ("may") itself."""
    assert _judged(text, GUT, "direct_causal")[0]


def test_the_strength_head_rates_the_overstated_sentences_direct_causal() -> None:
    """In the pipeline the head's rating feeds the policy, so a sentence it rates lower is not
    flagged. Measured when the head took over (2026-12-01): 14 of 15, the miss being "Taking
    butyrate will reverse the fatigue." (rated below direct causal)."""
    rated = {text: _rated(text) for text, _ in OVERSTATED}
    missed = [text for text, strength in rated.items() if strength != "direct_causal"]
    assert len(missed) <= 1, missed
    flagged = sum(_judged(text, target)[0] for text, target in OVERSTATED)
    assert flagged >= len(OVERSTATED) - 1


def test_a_sentence_naming_another_paper_is_weakly_linked() -> None:
    assert weakly_linked("Fluge et al. found a benefit.", GUT)
    assert weakly_linked("The 2019 trial found it works.", GUT)
    assert not weakly_linked("Guo et al. (2023) found less butyrate.", GUT)
    assert not weakly_linked("Gut bacteria cause ME.", GUT)


def test_the_reason_quotes_what_the_card_says_it_does_not_prove() -> None:
    gut = AtlasCard(
        id="gut",
        title="Gut card",
        design="Case-Control",
        evidence_level="E2",
        does_not_prove="It does not show that gut bacteria cause ME/CFS. Stool was sampled once.",
    )
    overstated, reason = judge(claim("Gut bacteria cause ME."), [gut])
    assert overstated
    assert reason is not None
    assert reason.endswith('Its card says: "It does not show that gut bacteria cause ME/CFS."')


def test_every_policy_row_is_reachable_and_named() -> None:
    from bot.evidence.overstated import POLICY, decide

    names = [rule.name for rule in POLICY]
    assert len(set(names)) == len(names)
    seen = {
        decide(claim(text, strength), c)[0].name  # type: ignore[union-attr]
        for text, strength, c in [
            ("A 2010 paper found the bacterium in 70% of patients.", "correlational", RETRACTED),
            ("In 2010 a journal reported the bacterium, then retracted it.", "correlational", RETRACTED),
            ("Low serotonin may cause the fatigue.", "conditional_causal", CASE_CONTROL),
            ("Taking probiotics will reverse the illness.", "direct_causal", CASE_CONTROL),
            ("Low serotonin is what causes the fatigue.", "direct_causal", CASE_CONTROL),
            ("Graded walking cures the illness.", "direct_causal", BIG_RCT),
            ("The antiviral improves fatigue.", "direct_causal", NEGATIVE_RCT),
            ("The antiviral did not improve fatigue compared with placebo.", "direct_causal", NEGATIVE_RCT),
            ("The drug lowered pain scores by 12% more than placebo.", "direct_causal", BIG_RCT),
            ("Mestinon works for orthostatic intolerance.", "direct_causal", SMALL_RCT),
            (
                "Patients had lower levels of butyrate in their stool than controls.",
                "direct_causal",
                CASE_CONTROL,
            ),
        ]
    }
    assert len(seen) == 11


def test_the_policy_reads_the_attributes_it_is_given() -> None:
    text = "The antiviral improves fatigue."
    told = SentenceAttributes("treatment_efficacy", attributed=False, negated=False, question=False)
    base = Claim(text, (0, len(text)), "direct_causal", ("x",), attributes=told)
    assert judge(base, [NEGATIVE_RCT])[0]
    assert judge(replace(base, attributes=replace(told, negated=True)), [NEGATIVE_RCT]) == (False, None)
    assert judge(replace(base, attributes=replace(told, question=True)), [NEGATIVE_RCT]) == (False, None)
    _, as_treatment = judge(base, [CASE_CONTROL])
    _, as_cause = judge(replace(base, attributes=replace(told, about="cause_mechanism")), [CASE_CONTROL])
    assert as_treatment is not None
    assert "tested no treatment" in as_treatment
    assert as_cause is not None
    assert "cause and effect" in as_cause
    for seen in ("biomarker_finding", "prevalence_or_description"):
        finding = replace(base, attributes=replace(told, about=seen))
        assert judge(finding, [CASE_CONTROL]) == (False, None), seen


def test_a_claim_without_attributes_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="no sentence attributes"):
        judge(Claim("Gut bacteria cause ME.", (0, 22), "direct_causal", ("x",)), [CASE_CONTROL])


def test_a_retracted_studys_design_told_as_fact_is_no_finding() -> None:
    # A count or a design is a "none" sentence: it states no finding, so none is withdrawn.
    text = "The original study, from a lab in Nevada, tested blood from 101 patients."
    assert judge(claim(text, "none"), [RETRACTED]) == (False, None)
    assert judge(claim("XMRV was found in two thirds of the patients.", "correlational"), [RETRACTED])[0]


def test_a_trial_result_with_the_comparator_before_its_figure_is_an_accurate_report() -> None:
    text = "Compared with placebo, the drug raised exercise tolerance by 18% over forty weeks."
    assert judge(claim(text), [SMALL_RCT]) == (False, None)
    assert judge(claim("The drug raises exercise tolerance in ME."), [SMALL_RCT])[0]
