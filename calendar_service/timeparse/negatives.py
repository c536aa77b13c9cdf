"""The negative corpus: news sentences with numbers, names and words that look like time
expressions but are not. Each must yield no mention at all (run by the example tests)."""

from __future__ import annotations

from .examples import Example, no

EXAMPLES: list[Example] = [
    no("May I ask you a question, minister?"),
    no("Officials may meet again if the talks go well."),
    no("Thousands march on the capital to protest the reform."),
    no("The March on Washington drew a vast crowd."),
    no("The report appeared in the Sunday Times."),
    no("She writes a column for the Sunday Telegraph."),
    no("Protesters gathered in Independence Square."),
    no("More than 2,000 troops crossed the border."),
    no("Leaders of the G20 met bankers from the G7 in Rome."),
    no("Delegates at COP28 discussed coal."),
    no("Call the embassy on +1 202 555 0123 for visas."),
    no("The hotline number is 555-0199."),
    no("The final score was 1-0 to the visitors."),
    no("They won the series 3-2 after extra time."),
    no("The 75th anniversary gala drew many guests."),
    no("He finished fourth of 12 candidates."),
    no("The bill passed by 52 votes to 47."),
    no("Inflation rose 3.5 percent, the bank said."),
    no("About 1,500 people attended the rally."),
    no("The company employs 2024 people in Ohio."),
    no("Route 66 runs through the town."),
    no("The Boeing 747 landed safely."),
    no("The minister sat down and said nothing."),
    no("Prices fall as supplies recover."),
    no("The Arab Spring reshaped the region."),
    no("A hot spring feeds the lake."),
    no("August Wilson wrote the play."),
    no("June Carter sang at the concert."),
    no("The article cited section 10.3.2 of the treaty."),
    no("They hold a 45% stake, up from 30%."),
    no("A 3/4 majority is required to amend it."),
    no("The delegation toured Liberty Square."),
    no("Mr. Reupke, 52 years old, resigned."),
    no("Iraq imports about three-quarters of its food."),
    no("Two thousand soldiers guard the city."),
    no("She is in her forties and lives in Lyon."),
    no("The Black Friday Sale drew shoppers."),
    no("His majesty may travel if invited."),
    no("The vote was 2024-2025 in the season 1-2."),
    no("Flight 370 vanished over the ocean."),
]
