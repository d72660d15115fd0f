"""Review items: which items a concept yields, and keys that survive rewording."""

from __future__ import annotations

import dataclasses

from quiz_helpers import KEYS, write_quiz_kb

from osmose.concepts import Fact, Formula, Meaning, Symbol
from osmose.items import build_items, concept_items, slug
from osmose.kb import KnowledgeBase


def test_items_in_prerequisite_then_teaching_order(tmp_path):
    kb = KnowledgeBase.load(write_quiz_kb(tmp_path))
    assert [i.key for i in build_items(kb.select())] == KEYS
    # selecting only the dependent concept keeps only its items
    assert [i.key for i in build_items(kb.select(ids=["power-rule"]))] == KEYS[2:]


def test_item_contents(tmp_path):
    kb = KnowledgeBase.load(write_quiz_kb(tmp_path))
    items = {i.key: i for i in build_items(kb.select())}
    formula = items["fact:power-rule:formula:rule"]
    assert formula.kind == "fact" and formula.answer == r"\(\frac{d}{dx} x^n = n x^{n-1}\)"
    step2 = items["fact:power-rule:derivation:from-the-binomial-theorem:2"]
    assert step2.context == ("(x+h)^n = x^n + n x^{n-1} h + O(h^2)",)
    assert step2.hint == "Subtract and divide by h."
    skill = items["skill:power-rule:power:"]
    assert (skill.kind, skill.family, skill.params) == ("skill", "power", {})


def test_keys_do_not_change_when_the_wording_does(tmp_path):
    kb = KnowledgeBase.load(write_quiz_kb(tmp_path))
    concept = kb.concept("power-rule")
    reworded = dataclasses.replace(
        concept, definition="Completely rewritten definition.",
        formulas=(Formula("rule", r"\frac{\mathrm{d}}{\mathrm{d}x} x^n = n\,x^{n-1}"),),
    )
    assert [i.key for i in concept_items(reworded)] == [i.key for i in concept_items(concept)]


def test_colliding_keys_are_made_unique_and_skills_carry_their_params(tmp_path):
    kb = KnowledgeBase.load(write_quiz_kb(tmp_path))
    concept = kb.concept("derivative")
    twin = dataclasses.replace(concept, symbols=(Symbol("f'(x)", "a"), Symbol("f(x)", "b")),
                               exercises=(dataclasses.replace(kb.concept("power-rule").exercises[0],
                                                              params={"variables": 2, "task": "full"}),))
    keys = [i.key for i in concept_items(twin)]
    assert keys == ["fact:derivative:definition", "fact:derivative:symbol:f-x",
                    "fact:derivative:symbol:f-x-2", "skill:derivative:power:task=full,variables=2"]


def test_slug():
    assert slug("Second-order Taylor expansion") == "second-order-taylor-expansion"
    assert slug(r"\Theta", keep_case=True) == "Theta"
    assert slug("H_f", keep_case=True) == "H_f"
    assert slug("???") == "x"


def test_each_cloze_fact_is_one_item_named_by_its_hidden_text(tmp_path):
    kb = KnowledgeBase.load(write_quiz_kb(tmp_path))
    concept = kb.concept("power-rule")
    with_facts = dataclasses.replace(concept, facts=(
        Fact("The rule needs \\(n\\) {{constant}}, not a function of \\(x\\)."),
        Fact("For \\(n = 0\\) the derivative is {{\\(0\\)}} and for \\(n = 1\\) it is {{\\(1\\)}}."),
    ))
    facts = [i for i in concept_items(with_facts) if i.label == "fact"]
    assert [i.key for i in facts] == ["fact:power-rule:fact:constant", "fact:power-rule:fact:0-1"]
    assert facts[0].question == "Power rule: The rule needs \\(n\\) […], not a function of \\(x\\)."
    assert facts[0].answer == "constant"
    assert facts[1].question.count("[…]") == 2 and facts[1].answer == "\\(0\\); \\(1\\)"
    reworded = dataclasses.replace(with_facts, facts=(
        Fact("Only for {{constant}} exponents \\(n\\)."),) + with_facts.facts[1:])
    assert [i.key for i in concept_items(reworded) if i.label == "fact"] == [i.key for i in facts]


def test_a_symbol_with_meanings_asks_one_item_per_field(tmp_path):
    kb = KnowledgeBase.load(write_quiz_kb(tmp_path))
    theta = Symbol("\\theta", "theta", (Meaning("ML", "the model's parameters"),
                                        Meaning("geometry", "an angle")))
    items = concept_items(dataclasses.replace(kb.concept("derivative"), symbols=(theta,)))
    symbol = [i for i in items if i.key.startswith("fact:derivative:symbol:")]
    assert [i.key for i in symbol] == ["fact:derivative:symbol:theta", "fact:derivative:symbol:theta:ML",
                                       "fact:derivative:symbol:theta:geometry"]
    assert symbol[0].answer == "theta"
    assert symbol[1].question == "In ML, what does \\(\\theta\\) usually denote?"
    assert symbol[1].answer == "the model's parameters" and symbol[2].answer == "an angle"
