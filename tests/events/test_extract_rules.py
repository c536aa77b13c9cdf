"""Extraction rules on sentences written for these tests (none taken from the dev set)."""

from __future__ import annotations

from datetime import date

from calendar_service.events import Article, EventMention, extract_event_mentions


def mentions(body: str, published: str, title: str = "") -> list[EventMention]:
    return extract_event_mentions(
        Article(title=title, body=body, published=date.fromisoformat(published), source="Test"))


def only(found: list[EventMention], kind: str) -> EventMention:
    hits = [m for m in found if m.kind == kind]
    assert len(hits) == 1, found
    return hits[0]


def test_state_visit_with_participant_role_country_and_exact_dates() -> None:
    m = only(mentions("French President Emmanuel Macron will pay a state visit to Japan from "
                      "May 16 to 17, the Elysee said.", "2024-05-02"), "state_visit")
    assert m.participants[0].name == "Emmanuel Macron"
    assert (m.participants[0].role, m.participants[0].country) == ("President", "France")
    assert (m.country, m.city) == ("Japan", None)
    assert (m.earliest, m.latest, m.status) == (date(2024, 5, 16), date(2024, 5, 17),
                                                 "confirmed")
    assert m.phrase == "May 16 to 17"


def test_a_trip_to_a_city_is_a_visit_to_its_country() -> None:
    m = only(mentions("German Chancellor Olaf Scholz will travel to Brasilia in June to "
                      "discuss trade.", "2024-04-02"), "visit")
    assert (m.city, m.country) == ("Brasilia", "Brazil")
    assert (m.earliest, m.latest, m.status) == (date(2024, 6, 1), date(2024, 6, 30), "planned")


def test_series_names_are_normalised_and_the_city_gives_the_country() -> None:
    m = only(mentions("The Shanghai Cooperation Organization summit will be held in Tashkent "
                      "in October.", "2024-04-02"), "summit")
    assert m.series == "SCO summit"
    assert (m.city, m.country) == ("Tashkent", "Uzbekistan")
    assert (m.earliest, m.latest) == (date(2024, 10, 1), date(2024, 10, 31))


def test_an_island_or_province_is_a_venue_in_its_country() -> None:
    m = only(mentions("The G20 summit will be held in Bali in November.", "2024-04-02"),
             "summit")
    assert (m.city, m.country) == ("Bali", "Indonesia")  # not India's Bāli
    m = only(mentions("The G7 summit will take place in Hokkaido in July.", "2024-04-02"),
             "summit")
    assert (m.city, m.country) == ("Hokkaido", "Japan")


def test_a_day_inside_stated_dates_is_part_of_the_programme() -> None:
    m = only(mentions("The SCO summit will take place in Astana from July 3 to 5. Leaders will "
                      "hold the summit's main session on the 4th.", "2024-06-02"), "summit")
    assert (m.earliest, m.latest) == (date(2024, 7, 3), date(2024, 7, 5))


def test_a_region_never_displaces_a_city_spelt_so() -> None:
    from calendar_service.events.places import country_of_city

    assert country_of_city("Gaza") == "Palestine"  # also a province of Mozambique
    assert country_of_city("Manchester") == "United Kingdom"  # also a parish of Jamaica
    assert country_of_city("Punjab") is None  # India's and Pakistan's: no one country


def test_a_capital_used_as_metonym_is_not_a_venue() -> None:
    m = only(mentions("Beijing said on Monday that Chinese President Xi Jinping will visit "
                      "France in May.", "2024-04-02"), "visit")
    assert (m.city, m.country) == (None, "France")
    assert m.participants[0].name == "Xi Jinping"
    assert mentions("Beijing and Moscow have strengthened their ties, Beijing said.",
                    "2024-04-02") == []


def test_meeting_on_the_sidelines_takes_the_summit_dates_and_stays_apart() -> None:
    found = mentions("Indian Prime Minister Narendra Modi and Chinese President Xi Jinping "
                     "will meet on the sidelines of the BRICS summit, which runs from August "
                     "22 to 24 in Johannesburg.", "2024-08-01")
    summit, meeting = only(found, "summit"), only(found, "meeting")
    assert summit.series == "BRICS summit" and summit.city == "Johannesburg"
    assert {p.name for p in meeting.participants} == {"Narendra Modi", "Xi Jinping"}
    assert (meeting.earliest, meeting.latest) == (date(2024, 8, 22), date(2024, 8, 24))
    assert (summit.earliest, summit.latest) == (date(2024, 8, 22), date(2024, 8, 24))
    assert meeting.series is None and meeting.city == "Johannesburg"


def test_met_on_a_weekday_in_a_report_is_that_day_and_held() -> None:
    m = only(mentions("Turkish President Recep Tayyip Erdogan met Hungarian Prime Minister "
                      "Viktor Orban in Budapest on Tuesday.", "2024-03-06"), "meeting")
    assert (m.earliest, m.latest, m.status) == (date(2024, 3, 5), date(2024, 3, 5), "held")
    assert m.city == "Budapest"


def test_postponed_without_a_new_date_is_open_ended() -> None:
    m = only(mentions("Japanese Prime Minister Fumio Kishida has postponed his visit to "
                      "Canada, which had been planned for next month.", "2024-04-02"), "visit")
    assert (m.status, m.earliest, m.latest) == ("postponed", date(2024, 4, 3), None)


def test_cancelled_summit_has_no_dates_in_the_mention() -> None:
    m = only(mentions("The G7 summit in Rome has been cancelled, the Italian government "
                      "said.", "2024-04-02"), "summit")
    assert (m.status, m.earliest, m.latest, m.series) == ("cancelled", None, None, "G7 summit")


def test_distractors_are_not_events() -> None:
    assert mentions("The central bank's next policy meeting is scheduled for June 12.",
                    "2024-05-02") == []
    assert mentions("The company will hold its earnings call on May 3, and shareholders will "
                    "meet in June.", "2024-04-02") == []
    assert mentions("The national team will travel to Paris for a friendly match on June 12.",
                    "2024-04-02") == []


def test_past_background_is_not_an_event() -> None:
    found = mentions("Spanish Prime Minister Pedro Sanchez visited Morocco in 2019 and met "
                     "King Mohammed VI in Rabat in March 2022.", "2024-04-02")
    assert [m for m in found if m.earliest or m.latest] == []


def test_an_event_without_a_date_stays_undated() -> None:
    found = mentions("Egyptian President Abdel Fattah Sisi accepted an invitation to visit "
                     "Italy.", "2024-04-02")
    assert all(m.earliest is None and m.latest is None for m in found)


def test_a_short_name_later_in_the_article_is_the_same_person() -> None:
    found = mentions("Russian President Vladimir Putin will visit India in December. Putin's "
                     "trip will be his first since 2021.", "2024-04-02")
    m = only(found, "visit")
    assert [p.name for p in m.participants] == ["Vladimir Putin"]
    assert (m.earliest, m.latest) == (date(2024, 12, 1), date(2024, 12, 31))


def test_constraints_in_one_article_intersect() -> None:
    m = only(mentions("Brazilian President Luiz Lula will pay a state visit to Angola later "
                      "this year. The visit is expected in October, officials said.",
                      "2024-04-02"), "state_visit")
    assert (m.earliest, m.latest) == (date(2024, 10, 1), date(2024, 10, 31))


def test_evidence_is_the_sentence_and_its_span() -> None:
    article = Article(title="Ruto to travel", body="Kenyan President William Ruto will visit "
                      "Ghana in June. Nothing else was announced.", published=date(2024, 4, 2),
                      source="Test")
    [m] = extract_event_mentions(article)
    assert article.text[m.start:m.end] == m.sentence
    assert m.sentence.startswith("Kenyan President William Ruto")


def test_a_trip_to_two_countries_gives_each_the_trip_window() -> None:
    found = mentions("Canadian Prime Minister Justin Trudeau will travel to Portugal and Greece "
                     "from October 3 to 7, his office said.", "2024-09-10")
    visits = {m.country: (m.earliest, m.latest) for m in found if m.kind == "visit"}
    assert visits == {"Portugal": (date(2024, 10, 3), date(2024, 10, 7)),
                      "Greece": (date(2024, 10, 3), date(2024, 10, 7))}


def test_arrival_report_with_a_stated_length() -> None:
    m = only(mentions("Chilean President Gabriel Boric has arrived in Madrid on an official "
                      "visit. Over his two-day stay he will meet the king.", "2024-06-10"),
             "official_visit")
    assert (m.earliest, m.latest, m.status) == (date(2024, 6, 10), date(2024, 6, 11), "held")
    assert (m.city, m.country) == ("Madrid", "Spain")


def test_a_trip_ending_on_a_day_after_a_stated_length() -> None:
    m = only(mentions("Mongolian President Ukhnaa Khurelsukh was heading home on Sunday after "
                      "a four-day trip to Japan.", "2024-06-10"), "visit")
    assert (m.earliest, m.latest, m.status) == (date(2024, 6, 6), date(2024, 6, 9), "held")


def test_a_host_receiving_a_guest_is_a_visit_by_the_guest() -> None:
    m = only(mentions("Indonesia will receive Australian Prime Minister Anthony Albanese from "
                      "July 4 to 5, the foreign ministry said.", "2024-06-20"), "visit")
    assert m.participants[0].name == "Anthony Albanese"
    assert (m.country, m.earliest, m.latest) == ("Indonesia", date(2024, 7, 4), date(2024, 7, 5))


def test_a_cancellation_of_an_old_plan_beside_new_dates_is_not_a_cancellation() -> None:
    m = only(mentions("Irish Taoiseach Simon Harris will visit Japan in November. The trip he "
                      "had planned for March was scrapped after an election was called.",
                      "2024-09-02"), "visit")
    assert m.status == "planned"
    assert (m.earliest, m.latest) == (date(2024, 11, 1), date(2024, 11, 30))


def test_a_speaker_is_not_a_participant() -> None:
    m = only(mentions("Kremlin spokesman Dmitry Peskov said Russian President Vladimir Putin "
                      "will visit Vietnam in June.", "2024-05-02"), "visit")
    assert [p.name for p in m.participants] == ["Vladimir Putin"]


def test_arrival_without_an_end_is_open_ended() -> None:
    m = only(mentions("Ukrainian President Volodymyr Zelensky arrived in Washington on Tuesday "
                      "for talks with President Joe Biden.", "2023-05-03"), "visit")
    assert (m.earliest, m.latest, m.status) == (date(2023, 5, 2), None, "held")
    assert m.participants[0].name == "Volodymyr Zelensky"


def test_series_leaders_meeting_and_multiword_city() -> None:
    apec = only(mentions("The APEC leaders' meeting in Lima has been postponed, organisers "
                         "said.", "2023-05-03"), "summit")
    assert (apec.series, apec.city, apec.status) == ("APEC summit", "Lima", "postponed")
    g20 = only(mentions("Brazilian President Luiz Inacio Lula da Silva will host the G20 summit "
                        "in Rio de Janeiro on November 18 and 19.", "2023-05-03"), "summit")
    assert (g20.city, g20.country) == ("Rio de Janeiro", "Brazil")


def test_hosting_a_named_leader_is_that_leader_visiting() -> None:
    found = mentions("German Chancellor Olaf Scholz will host Polish Prime Minister Donald Tusk "
                     "in Berlin next week.", "2024-03-01")
    m = only(found, "visit")
    assert m.participants[0].name == "Donald Tusk"
    assert (m.city, m.country) == ("Berlin", "Germany")
    assert (m.earliest, m.latest) == (date(2024, 3, 4), date(2024, 3, 10))
    # hosting a summit is not a visit by anyone
    summit = mentions("India will host the G20 summit in 2023.", "2022-01-10")
    assert [m.kind for m in summit] == ["summit"] and summit[0].country == "India"


def test_a_first_and_a_last_day_make_the_window() -> None:
    m = only(mentions("The state visit of Kenyan President William Ruto to the United States "
                      "begins on Wednesday and runs until Friday, the White House said.",
                      "2024-05-20"), "state_visit")
    assert (m.earliest, m.latest) == (date(2024, 5, 22), date(2024, 5, 24))
