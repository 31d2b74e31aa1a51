"""Small hand-made papers and extractions shared by the graph and store tests."""

from __future__ import annotations

import re

from paperkg.extract.model import Entity, Extraction, Mention, Result
from paperkg.sources.record import PaperRecord, SourceRef


def mention(text: str, abstract: str, sentence: str | None = None) -> Mention:
    i = re.search(rf"\b{re.escape(text)}\b", abstract).start()
    return Mention("abstract", i, i + len(text), sentence or abstract, text)


def ent(type_: str, name: str, abstract: str, aliases=(), proposed=False, canonical=None) -> Entity:
    ms = [mention(f, abstract) for f in (name, *aliases) if re.search(rf"\b{re.escape(f)}\b", abstract)]
    return Entity(type_, name, list(aliases), proposed, ms, canonical)


def paper(pid: str, title: str, abstract: str, year: int = 2024, **kw) -> PaperRecord:
    return PaperRecord(
        pid,
        title,
        abstract,
        year=year,
        date=f"{year}-01-01",
        sources=[SourceRef(f"in/{pid}.txt", 3, "text")],
        **kw,
    )


def corpus() -> list[tuple[PaperRecord, Extraction]]:
    a1 = (
        "We propose FastLoRA, an extension of Low-Rank Adaptation (LoRA). FastLoRA reaches 91.2% accuracy "
        "on GLUE, outperforming LoRA by 2.1 points. Code: https://github.com/org/fastlora"
    )
    a2 = "We fine-tune with LoRA and compare low-rank adaptations on SQuAD. LoRA gets 88.0 F1 on SQuAD."
    a3 = (
        "We introduce the Segment Anything Model (SAM) and the SA-1B dataset. SAM improves mIoU on COCO "
        "by 3.0 points over Mask R-CNN."
    )
    a4 = (
        "We study Sharpness-Aware Minimization (SAM) with Vision Transformers on CIFAR-10. "
        "SAM reaches 98.1% accuracy on CIFAR-10."
    )
    a5 = "Our method builds on SAM for robust training of vision-transformers on ImageNet."
    p1, p2, p3, p4, p5 = (
        paper("p1", "FastLoRA", a1, 2023, upvotes=10),
        paper("p2", "Adapting LLMs", a2, 2024),
        paper("p3", "Segment Anything", a3, 2023),
        paper("p4", "SAM for ViTs", a4, 2022),
        paper("p5", "Robust ViTs", a5, 2024),
    )
    e1 = Extraction(
        "p1",
        p1.title,
        methods=[
            ent("METHOD", "FastLoRA", a1, proposed=True),
            ent("METHOD", "Low-Rank Adaptation", a1, aliases=["LoRA"]),
        ],
        datasets=[ent("DATASET", "GLUE", a1)],
        metrics=[ent("METRIC", "accuracy", a1, canonical="Accuracy")],
        results=[
            Result(
                "91.2%",
                91.2,
                "%",
                "absolute",
                "accuracy",
                "GLUE",
                "FastLoRA",
                "LoRA",
                a1.split(". ")[1],
                "abstract",
                a1.index("91.2%"),
                a1.index("91.2%") + 5,
            )
        ],
        links=["https://github.com/org/fastlora"],
    )
    e2 = Extraction(
        "p2",
        p2.title,
        methods=[ent("METHOD", "LoRA", a2), ent("METHOD", "low-rank adaptations", a2)],
        datasets=[ent("DATASET", "SQuAD", a2)],
        metrics=[ent("METRIC", "F1", a2)],
        results=[
            Result(
                "88.0",
                88.0,
                "",
                "absolute",
                "F1",
                "SQuAD",
                "LoRA",
                None,
                a2,
                "abstract",
                a2.index("88.0"),
                a2.index("88.0") + 4,
            )
        ],
    )
    e3 = Extraction(
        "p3",
        p3.title,
        methods=[
            ent("METHOD", "Segment Anything Model", a3, aliases=["SAM"], proposed=True),
            ent("METHOD", "Mask R-CNN", a3),
        ],
        datasets=[ent("DATASET", "SA-1B", a3, proposed=True), ent("DATASET", "COCO", a3)],
        metrics=[ent("METRIC", "mIoU", a3)],
        results=[
            Result(
                "3.0 points",
                3.0,
                "points",
                "improvement",
                "mIoU",
                "COCO",
                "SAM",
                "Mask R-CNN",
                a3,
                "abstract",
                a3.index("3.0"),
                a3.index("3.0") + 10,
            )
        ],
    )
    e4 = Extraction(
        "p4",
        p4.title,
        methods=[
            ent("METHOD", "Sharpness-Aware Minimization", a4, aliases=["SAM"]),
            ent("METHOD", "Vision Transformers", a4),
        ],
        datasets=[ent("DATASET", "CIFAR-10", a4)],
        metrics=[ent("METRIC", "accuracy", a4)],
        results=[
            Result(
                "98.1%",
                98.1,
                "%",
                "absolute",
                "accuracy",
                "CIFAR-10",
                "SAM",
                None,
                a4,
                "abstract",
                a4.index("98.1%"),
                a4.index("98.1%") + 5,
            )
        ],
    )
    e5 = Extraction(
        "p5",
        p5.title,
        methods=[ent("METHOD", "SAM", a5), ent("METHOD", "vision-transformers", a5)],
        datasets=[ent("DATASET", "ImageNet", a5)],
    )
    return [(p1, e1), (p2, e2), (p3, e3), (p4, e4), (p5, e5)]
