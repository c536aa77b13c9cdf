"""The threads benchmark's span recall on annotated time expressions, on a made-up thread."""

from benchmarks.threads import time_expression_recall

THREAD = {
    "id": "made-up",
    "articles": [
        {
            "published": "2024-04-09",
            "text": "The leaders will meet in June. On the sidelines of the summit, aides met. "
                    "In June they will sign.",
            "time_expressions": [
                {"text": "in June", "refers_to_event": True},
                {"text": "on the sidelines of the summit", "refers_to_event": False},
                {"text": "In June", "refers_to_event": True},  # the second occurrence
                {"text": "next century", "refers_to_event": False},  # not in the text
            ],
        }
    ],
}


def test_counts_each_annotated_expression_once_and_lists_the_missed() -> None:
    found, total, missed = time_expression_recall([THREAD])
    assert (found, total) == (2, 3)  # the absent one is not scored
    assert missed == ["made-up: on the sidelines of the summit"]


def test_an_article_without_annotations_scores_nothing() -> None:
    thread = {"id": "bare", "articles": [{"published": "2024-04-09", "text": "In June."}]}
    assert time_expression_recall([thread]) == (0, 0, [])
