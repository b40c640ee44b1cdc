"""Articles written for the batch and Dask tests: hand-written sentences with
quotations, varied by a seeded generator (no outside texts)."""

from __future__ import annotations

import os
import random

PEOPLE = [
    ("Maria Lopez", "the mayor", "she"),
    ("David Chen", "the finance minister", "he"),
    ("Amina Yusuf", "a spokeswoman for the council", "she"),
    ("Tom Becker", "the union leader", "he"),
    ("Grace Okafor", "the chief executive", "she"),
    ("Ivan Petrov", "the opposition leader", "he"),
]
TOPICS = ["the new bridge", "the budget", "the rail strike", "the flood defences", "the hospital plan", "the tax rise"]
HEADLINES = [
    "Council split over {topic}",
    "Row deepens over {topic}",
    "Ministers defend {topic}",
    "Residents question {topic}",
]
LINES = [
    '"We will not accept {topic} in its current form," {name}, {role}, said on Monday.',
    '{name} insisted that {topic} was "a mistake that will cost us dearly".',
    '"This is the right decision for the town," {pron} told reporters. "We have listened."',
    'According to {name}, the plan is "fair, modest and overdue".',
    '{name} claimed the figures were "simply wrong" and called for an inquiry.',
    'Officials admitted that {topic} had been delayed twice this year.',
    '"Nobody asked us," said one resident, who did not want to be named.',
    'The so-called "reforms" have divided the council since March.',
    '{name} warned: "If we wait, the costs will only grow."',
    'Critics say {topic} will hit the poorest families hardest.',
]


def article(i: int) -> str:
    rng = random.Random(i)
    topic = rng.choice(TOPICS)
    headline = rng.choice(HEADLINES).format(topic=topic)
    paragraphs = []
    for _ in range(rng.randint(3, 8)):
        name, role, pron = rng.choice(PEOPLE)
        line = rng.choice(LINES).format(name=name, role=role, pron=pron, topic=topic)
        paragraphs.append(line[0].upper() + line[1:])
    return headline[0].upper() + headline[1:] + "\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder, n: int, subfolders: int = 3) -> list[str]:
    """Write ``n`` articles as .txt files under ``folder`` (in a few subfolders);
    returns their paths in the order ``discover`` walks them."""
    paths = []
    for i in range(n):
        sub = os.path.join(str(folder), f"section-{i % subfolders}")
        os.makedirs(sub, exist_ok=True)
        p = os.path.join(sub, f"{i:04d}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(article(i))
        paths.append(p)
    return sorted(paths)
