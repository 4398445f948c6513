"""Read and check answers to the 2024 digital-maturity questionnaire, from JSON, a form or a spreadsheet row.

Answers are keyed by field id (``dq_network_items``) or by the question's Chinese text; a single choice is an
option id or its Chinese text; a multi choice is a list, or a string separated by ``,`` ``，`` ``、`` ``;``; a
scene level is 1-4 (``3``, ``"3"``, ``"三级"``). :func:`parse_answers` returns the canonical form (option ids,
sorted lists, ints) and the problems found, each naming the question and the value in Chinese.

Examples:
    >>> answers, problems = parse_answers({"dq_network_items": "工控网络、x", "dq_scene_quality": "三级"})
    >>> answers["dq_scene_quality"], problems[0].message
    (3, '「企业网络建设情况（可多选）」没有选项“工控网络”')
    >>> parse_answers({"dq_network_items": ["none", "industrial_5g"]})[1][0].message
    '「企业网络建设情况（可多选）」选择“无”时不能同时选择其他选项'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from littlegiant.digital.questionnaire import (
    NONE_OPTION,
    QUESTIONS,
    QUESTIONS_BY_ID,
    SCENES,
    Question,
    answer_ids,
)
from littlegiant.errors import LittleGiantError

__all__ = [
    "ANSWER_LABELS",
    "AnswerError",
    "AnswerProblem",
    "answer_key",
    "answer_label",
    "missing_answers",
    "parse_answers",
    "require_complete",
]

_SEPARATORS = re.compile(r"[,，、;；|\n]+")
_SCENE_WORDS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4, "一": 1, "二": 2, "三": 3, "四": 4}

ANSWER_LABELS: dict[str, str] = {
    **{question.id: question.text for question in QUESTIONS},
    **{scene.field_id: f"数字化经营场景：{scene.label}" for scene in SCENES},
}
"""The Chinese label of every answer field (the question text, or the scene's name)."""

_KEYS_BY_LABEL: dict[str, str] = {
    **{label: field_id for field_id, label in ANSWER_LABELS.items()},
    **{scene.label: scene.field_id for scene in SCENES},
    **{question.text.removesuffix("（可多选）"): question.id for question in QUESTIONS},
}


@dataclass(frozen=True, slots=True)
class AnswerProblem:
    """One bad or missing answer: which question, what was given, and why it is wrong (Chinese)."""

    field_id: str
    value: Any
    message: str

    @property
    def label(self) -> str:
        """The question's Chinese text."""
        return answer_label(self.field_id)


class AnswerError(LittleGiantError):
    """The answers cannot be scored; ``problems`` lists every bad or missing answer."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__(
            "；".join(problem.message for problem in problems[:5])
            + ("……" if len(problems) > 5 else "")
        )


def answer_label(field_id: str) -> str:
    """The Chinese label of an answer field (the id itself if unknown)."""
    return ANSWER_LABELS.get(field_id, field_id)


def answer_key(key: str) -> str | None:
    """The answer id a key names: an answer id itself, or a question's Chinese text; None otherwise."""
    if key in ANSWER_LABELS:
        return key
    return _KEYS_BY_LABEL.get(str(key).strip())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _option_id(question: Question, token: str) -> str | None:
    token = token.strip()
    for option in question.options:
        if token in {option.id, option.text}:
            return option.id
    return None


def _parse_single(question: Question, value: Any) -> tuple[Any, str | None]:
    option = _option_id(question, str(value))
    if option is None:
        return None, f"「{question.text}」没有选项“{value}”"
    return option, None


def _multi_tokens(question: Question, text: str) -> list[str]:
    """Option texts found whole (they may contain 、 or ，), then the rest split at separators."""
    tokens = []
    for option in sorted(question.options, key=lambda o: -len(o.text)):
        if len(option.text) > 1 and option.text in text:
            tokens.append(option.id)
            text = text.replace(option.text, ",")
    return tokens + _SEPARATORS.split(text)


def _parse_multi(question: Question, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, list | tuple | set | frozenset):
        tokens = [str(v) for v in value]
    else:
        tokens = _multi_tokens(question, str(value))
    chosen: set[str] = set()
    for token in (t.strip() for t in tokens):
        if not token:
            continue
        option = _option_id(question, token)
        if option is None:
            return None, f"「{question.text}」没有选项“{token}”"
        chosen.add(option)
    if NONE_OPTION in chosen and len(chosen) > 1:
        return None, f"「{question.text}」选择“无”时不能同时选择其他选项"
    return (sorted(chosen, key=question.option_ids.index) or None), None


def _parse_scene(field_id: str, value: Any) -> tuple[Any, str | None]:
    text = str(value).strip().removeprefix("L").removeprefix("l")
    level = _SCENE_WORDS.get(text)
    if level is None:
        try:
            number = float(text)
        except ValueError:
            number = 0.0
        level = int(number) if number.is_integer() else 0
    if level not in {1, 2, 3, 4}:
        return None, f"「{answer_label(field_id)}」的等级须为 1-4 级，填写的是“{value}”"
    return level, None


def _parse_one(field_id: str, value: Any) -> tuple[Any, str | None]:
    question = QUESTIONS_BY_ID.get(field_id)
    if question is None:
        return _parse_scene(field_id, value)
    if question.kind == "multi":
        return _parse_multi(question, value)
    return _parse_single(question, value)


def parse_answers(raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[AnswerProblem]]:
    """Canonical answers (only the answered, valid ones) and the problems of the others.

    Keys that are neither answer ids nor question texts are ignored (a sheet row has other columns).
    """
    answers: dict[str, Any] = {}
    problems: list[AnswerProblem] = []
    for key, value in raw.items():
        field_id = answer_key(key)
        if field_id is None or _blank(value):
            continue
        parsed, message = _parse_one(field_id, value)
        if message is not None:
            problems.append(AnswerProblem(field_id, value, message))
        elif parsed is not None:
            answers[field_id] = parsed
    return answers, problems


def missing_answers(answers: Mapping[str, Any]) -> list[str]:
    """The answer ids not yet given, in questionnaire order (every question and scene is required)."""
    return [field_id for field_id in answer_ids() if _blank(answers.get(field_id))]


def require_complete(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical answers if every answer is given and valid.

    Raises:
        AnswerError: an answer is invalid or missing (every problem listed).
    """
    answers, problems = parse_answers(raw)
    problems += [
        AnswerProblem(fid, None, f"「{answer_label(fid)}」未作答")
        for fid in missing_answers(answers)
    ]
    if problems:
        raise AnswerError(problems)
    return answers
