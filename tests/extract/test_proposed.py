"""What the paper introduces (paperkg_proposed)."""

from paperkg.extract.pipeline import default_pipeline, extract_record
from paperkg.sources.record import PaperRecord


def proposed(abstract: str, title: str = "A Study of Things") -> list[str]:
    record = PaperRecord(id="t", title=title, abstract=abstract)
    return extract_record(default_pipeline("fast"), record).proposed


def test_we_propose_x():
    assert proposed("Pruning is costly. We propose FastPrune, which removes heads in one pass.") == [
        "FastPrune"
    ]


def test_naming_cue():
    assert proposed("We design a cache policy for serving, dubbed as HotSwap, that adapts online.") == [
        "HotSwap"
    ]


def test_title_prefix():
    assert proposed("It merges adapters at no cost.", title="ZipMerge: Free Adapter Merging") == ["ZipMerge"]


def test_appositive_novel():
    assert proposed("StarNorm, a novel normalisation layer, stabilises training.") == ["StarNorm"]


def test_used_methods_are_not_proposed():
    assert proposed("We fine-tune BERT and compare it with FooNet on ZooQA.") == []


def test_method_mentioned_before_the_proposal_is_not_proposed():
    got = proposed("FooNet is a strong baseline. We propose BarNet, which improves FooNet.")
    assert got == ["BarNet"]


def test_proposed_dataset():
    got = proposed("We introduce ZooQA, a benchmark of animal questions.")
    assert got == ["ZooQA"]


def test_passive_proposal():
    assert proposed("Caching is costly. Here, Lazy Expert Caching (LEC) is proposed to cut memory.") == [
        "Lazy Expert Caching"
    ]


def test_referred_to_as():
    assert proposed("We design a sampler, referred to as QuickDraw, for diffusion.") == ["QuickDraw"]


def test_recently_proposed_is_not_ours():
    assert proposed("We study the recently proposed FooSched optimizer.") == []


def test_purpose_of_a_framework_is_not_proposed():
    assert proposed("We present a framework for few-shot instance mining (FSIM), which is hard.") == []


def test_title_that_is_only_a_name():
    assert proposed("It clusters data.", title="Gated Partition Sampling (GPS)") == [
        "Gated Partition Sampling"
    ]


def test_title_lead_before_for_names_the_method():
    got = proposed(
        "We show that tiled expert sampling halves the cost.", title="Tiled Expert Sampling for Sparse Models"
    )
    assert got == ["Tiled Expert Sampling"]


def test_title_lead_that_is_a_topic_is_not_a_method():
    assert proposed("Feature learning matters.", title="Feature Learning in Wide Networks") == []


def test_parenthesised_name_after_a_novel_description():
    got = proposed("We study a novel adaptive data thinning technique (Sparse Horizon) for streams.")
    assert got == ["Sparse Horizon"]


def test_names_listed_after_the_intro_verb_are_all_proposed():
    got = proposed("Next, we propose two novel methods, Post-Training Transformation (PTT) and Robust "
                   "Conformal Training (RCT), to reduce prediction set size.")
    assert got == ["Post-Training Transformation", "Robust Conformal Training"]
    # a name after the first that is not listed with it is not
    assert proposed("We propose FastPrune, which is compared against SlowPrune.") == ["FastPrune"]


def test_the_papers_own_thing_then_its_name():
    got = proposed("We continue pre-training. The resulting model, MedLlama-X, performs well.")
    assert got == ["MedLlama-X"]
    assert proposed("Our open-source compiler, NanoComp, generates code for devices.") == ["NanoComp"]


def test_refer_to_as_names_the_papers_method_but_not_a_problem():
    assert proposed("We refer to the modified ZRP, which adds our fixes, as STABLE-ZRP.") == ["STABLE-ZRP"]
    assert proposed("We refer to this problem as Time Series Outlier Ranking (TSOR).") == []


def test_variants_of_a_proposed_name_are_proposed():
    got = proposed("We solve this via two approaches: MixKit-D for direct optimization, and MixKit-M.",
                   title="MixKit: Dynamic Data Mixtures")
    assert got == ["MixKit", "MixKit-D", "MixKit-M"]
    # sizes of the proposed model are settings, not further contributions
    assert proposed("We train MixKit-5M and MixKit-20M.", title="MixKit: Dynamic Data Mixtures") == ["MixKit"]


def test_variants_glued_to_the_acronym_of_a_proposed_name_are_proposed():
    got = proposed("We propose Segment Policy Optimization (SPO), a new RL framework. We instantiate SPO "
                   "in two ways: SPO-chain for short chains and SPO-tree for long ones.")
    assert got == ["Segment Policy Optimization", "SPO-chain", "SPO-tree"]


def test_an_introduction_after_enables_us_to_is_the_papers():
    got = proposed("Examining its limits enables us to address drawbacks and present LightZap: a framework "
                   "for accurate classification.")
    assert got == ["LightZap"]
