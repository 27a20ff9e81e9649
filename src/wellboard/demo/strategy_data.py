"""The demo's community strategy as data: its themes and priorities, their actions with milestones
and a year of quarterly updates, and the initiatives partners deliver (``step_20_strategy`` loads it).

The themes and priorities come from the partnership's community strategy; the facts quoted in the
targets (the housing waiting list, GCSE results, antisocial behaviour, Smokebusters pledges, the
volunteer centre) come from its documents. Actions, dates, milestones and updates (the actions' and
the coordinator's stocktake of some priorities) are invented to show a plan in mid-flight on
23 November 2026: some on track, some late, some done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date
KF = "kings-fund-population-health"
QUARTERS = ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"]

# Member organisations by slug (see step_10_partners), short enough to keep the plan readable.
COUNCIL = "stevenage-borough-council"
COUNTY = "hertfordshire-county-council"
NHS_TRUST = "east-and-north-hertfordshire-nhs-trust"
PCN = "stevenage-primary-care-networks"
POLICE = "hertfordshire-constabulary"
FIRE = "hertfordshire-fire-and-rescue-service"
COLLEGE = "north-hertfordshire-college"
SCHOOL = "the-nobel-school"
LEISURE = "stevenage-leisure-limited"
CAB = "stevenage-citizens-advice"
CVS = "stevenage-cvs"
MIND = "mind-in-mid-herts"
FOOTBALL = "stevenage-football-foundation"
HELPS = "stevenage-helps"
CARELINE = "stevenage-community-careline"
HOME_START = "home-start-stevenage"
FAMILY_CENTRE = "the-family-centre"
LIVING_ROOM = "the-living-room"
SPORTS = "hertfordshire-sports-partnership"
YMCA = "ymca-central-hertfordshire"
CHURCHES = "churches-together-in-stevenage"
GROUNDWORK = "groundwork-hertfordshire"
CHAMBER = "hertfordshire-chamber-of-commerce"
WESTGATE = "westgate-shopping-centre"
COMET = "the-comet"
# Who posts each organisation's updates; the coordinator collates the rest from partners' reports.
POSTERS = {LEISURE: "leisure", MIND: "mind", COUNCIL: "council"}


@dataclass(frozen=True)
class ActionSpec:
    title: str
    lead: str
    target: str
    start: dt.date
    due: dt.date
    status: str
    support: tuple[str, ...] = ()
    milestones: tuple[tuple[str, dt.date, dt.date | None], ...] = ()  # (what, due, done on)
    updates: tuple[tuple[str, str, str], ...] = ()  # (period, RAG, action to date)


@dataclass(frozen=True)
class InitiativeSpec:
    name: str
    slug: str
    kind: str
    description: str
    start_date: dt.date
    lead: str
    partners: tuple[str, ...]
    target_groups: tuple[str, ...]
    places: tuple[str, ...]
    nodes: tuple[str, ...]  # refs of the parts of the strategy it serves
    end_date: dt.date | None = None
    funding: str = ""


VISION = "A thriving Stevenage: a prosperous town with lively communities and healthy people."
SUMMARY = (
    "The partnership's plan for three years, built from residents', businesses' and partners' views. "
    "It concentrates on three themes and nine priorities where working together adds most. The "
    "executive checks the action plan every quarter and reports on it once a year."
)

# fmt: off
THEMES = [
    ("Healthy economy", "Jobs, homes, skills and money: the conditions for good health.",
     ["wider-determinants"]),
    ("Healthy people", "Healthier choices and good mental health for everyone.",
     ["behaviours-and-lifestyles"]),
    ("Healthy communities", "Safe, green, neighbourly places where people help each other.",
     ["places-and-communities"]),
]

# (theme number, title, description, King's Fund pillars, actions)
PRIORITIES: list[tuple[int, str, str, list[str], list[ActionSpec]]] = [
    (1, "Grow the local economy and improve housing",
     "Back local firms, bring more people into the town centre and build the affordable homes the town "
     "lacks.", ["wider-determinants", "places-and-communities"], [
        ActionSpec("Support new and growing businesses through the Business and Technology Centre", COUNCIL,
                   "Help 120 start-ups and small firms with advice, training or introductions to finance by "
                   "March 2027, with at least 60% still trading a year later.", D(2024, 4, 1), D(2027, 3, 31),
                   "in_progress", (CHAMBER,),
                   (("Survey 300 local firms about what they need", D(2025, 9, 30), D(2025, 9, 12)),
                    ("Relaunch the start-up offer with the college", D(2026, 6, 30), D(2026, 7, 15)),
                    ("Report first-year survival rates", D(2027, 3, 31), None)),
                   (("2025/26 Q3", "green", "Survey done: 312 firms replied; most want help to recruit."),
                    ("2025/26 Q4", "green", "41 firms supported so far; two new tenants at the centre."),
                    ("2026/27 Q1", "amber", "More firms closing than opening this quarter, as in past "
                                            "downturns. Advice sessions moved to evenings to reach sole "
                                            "traders."),
                    ("2026/27 Q2", "green", "Relaunch brought 23 enquiries; 78 firms helped to date."))),
        ActionSpec("Start building affordable homes through the council's housing programme", COUNCIL,
                   "Start 250 affordable homes by December 2026 to shorten the housing waiting list, which "
                   "stood at 7,209 households when the community strategy was first written.",
                   D(2024, 4, 1), D(2026, 12, 31), "in_progress", (),
                   (("Planning consent for the first two sites", D(2025, 3, 31), D(2025, 3, 20)),
                    ("100 homes started", D(2025, 12, 31), D(2026, 1, 20)),
                    ("250 homes started", D(2026, 9, 30), None)),
                   (("2025/26 Q3", "amber", "86 homes started; the third site awaits a utilities survey."),
                    ("2025/26 Q4", "amber", "100th home started in January, three weeks late."),
                    ("2026/27 Q1", "red", "Build costs rose 9%; one contractor withdrew. 132 homes started."),
                    ("2026/27 Q2", "amber", "New contractor appointed; 171 started. 250 now expected by "
                                            "March."))),
        ActionSpec("Bring more people into the town centre with events and a shop-local campaign", WESTGATE,
                   "Raise weekday town centre footfall by 5% on 2024/25 by March 2026.",
                   D(2024, 9, 1), D(2026, 3, 31), "in_progress", (COUNCIL, COMET),
                   (("Footfall counters installed", D(2024, 12, 31), D(2024, 12, 10)),
                    ("Three seasonal events held", D(2025, 12, 31), D(2025, 12, 20))),
                   (("2025/26 Q3", "green", "Winter market drew the busiest Saturday of the year."),
                    ("2025/26 Q4", "amber", "Weekday footfall up 2% on last year: short of the 5% target."),
                    ("2026/27 Q1", "red", "Target date passed at 2.4%. Board asked for a revised plan."),
                    ("2026/27 Q2", "red", "Revised plan drafted with market traders; not yet agreed."))),
    ]),
    (1, "Increase skills and employability",
     "Match residents' skills to local jobs and reach people who are out of work, education or training.",
     ["wider-determinants"], [
        ActionSpec("Adult and family learning courses in the neighbourhoods that need them most", COLLEGE,
                   "Enrol 400 adults with no qualifications on courses by July 2026; 70% complete them.",
                   D(2024, 9, 1), D(2026, 7, 31), "completed", (COUNCIL, CVS),
                   (("Courses running in four community centres", D(2024, 10, 31), D(2024, 10, 28)),
                    ("Second year's courses planned with job centre advisers", D(2025, 7, 31),
                     D(2025, 7, 10))),
                   (("2025/26 Q3", "green", "288 adults enrolled; family maths is the most popular course."),
                    ("2025/26 Q4", "green", "351 enrolled; crèche places added at two centres."),
                    ("2026/27 Q1", "green", "Final term under way with 432 enrolled."),
                    ("2026/27 Q2", "complete", "Done: 432 enrolled and 74% completed their course."))),
        ActionSpec("Double work experience placements, especially for young people not in education, "
                   "employment or training", CHAMBER,
                   "150 placements a year by 2026/27, at least a third of them for young people not in "
                   "education, employment or training.", D(2025, 4, 1), D(2027, 3, 31), "in_progress",
                   (COLLEGE, SCHOOL, YMCA),
                   (("Placement charter signed by 40 employers", D(2025, 9, 30), D(2025, 11, 14)),
                    ("Mid-point review with schools", D(2026, 10, 31), None)),
                   (("2025/26 Q3", "amber", "Charter signed by 40 employers six weeks late; 31 placements."),
                    ("2025/26 Q4", "amber", "58 placements, but only 9 for young people out of education."),
                    ("2026/27 Q1", "green", "YMCA now refers young people directly: 24 placed this quarter."),
                    ("2026/27 Q2", "green", "112 placements this year so far, 39 of them for young people "
                                            "not in education, employment or training."))),
        ActionSpec("Refresh the skills of residents whose qualifications are out of date", COLLEGE,
                   "200 residents complete short digital or vocational courses by March 2027; half are in "
                   "work or further study six months later. (In the residents' survey, one in five said they "
                   "lacked the skills to get a job here.)", D(2025, 10, 1), D(2027, 3, 31), "in_progress",
                   (YMCA,),
                   (("Courses matched to retail, construction and science jobs", D(2026, 1, 31),
                     D(2026, 1, 29)),),
                   (("2025/26 Q3", "green", "Employers helped design eight short courses."),
                    ("2025/26 Q4", "green", "First 46 learners started."),
                    ("2026/27 Q1", "amber", "Science course under-subscribed; advertising at job centres."),
                    ("2026/27 Q2", "green", "121 completed; 52 already in work or further study."))),
    ]),
    (1, "Help residents to manage their money",
     "Free advice, budgeting skills and a saving habit, so people cope with changes to prices and "
     "benefits.", ["wider-determinants"], [
        ActionSpec("Free debt and budgeting advice in the town centre and in GP surgeries", CAB,
                   "Advise 1,500 residents a year; 80% say they feel more in control of their money.",
                   D(2024, 4, 1), D(2027, 3, 31), "in_progress", (PCN, COUNCIL),
                   (("Advice sessions in three GP surgeries", D(2025, 6, 30), D(2025, 6, 2)),
                    ("Survey of people advised", D(2026, 5, 31), D(2026, 6, 10))),
                   (("2025/26 Q3", "green", "402 residents advised this quarter; GP sessions fully booked."),
                    ("2025/26 Q4", "green", "1,530 advised in the year; 83% feel more in control."),
                    ("2026/27 Q1", "amber", "Demand up by a third after benefit changes; three-week wait."),
                    ("2026/27 Q2", "amber", "Two volunteer advisers trained; wait down to two weeks."))),
        ActionSpec("Promote the credit union and a habit of saving", COUNCIL,
                   "300 new credit union members by March 2026, 100 of them under 25.",
                   D(2024, 10, 1), D(2026, 3, 31), "completed", (CAB, COMET),
                   (("Credit union desk opened beside Citizens Advice", D(2025, 1, 31), D(2025, 2, 3)),),
                   (("2025/26 Q3", "green", "244 new members; a school savings club started."),
                    ("2025/26 Q4", "complete", "Done: 317 new members, 108 of them under 25."))),
    ]),
    (1, "Understand and address child poverty",
     "About one child in five in the town was living in poverty; every priority here helps, and some "
     "actions aim straight at it.", ["wider-determinants"], [
        ActionSpec("Map child poverty by neighbourhood and agree a joint plan", COUNTY,
                   "Publish a neighbourhood profile of child poverty and an action plan agreed by the board "
                   "by September 2025.", D(2024, 6, 1), D(2025, 9, 30), "in_progress",
                   (COUNCIL, HOME_START, FAMILY_CENTRE),
                   (("Data sharing agreement signed", D(2024, 12, 31), D(2025, 2, 14)),
                    ("Neighbourhood profile published", D(2025, 6, 30), D(2025, 10, 30)),
                    ("Action plan agreed by the board", D(2025, 9, 30), None)),
                   (("2025/26 Q3", "amber", "Profile published in October, four months late."),
                    ("2025/26 Q4", "red", "Plan not agreed: partners want costed actions first."),
                    ("2026/27 Q1", "red", "Costing under way; the board will see it in the autumn."),
                    ("2026/27 Q2", "amber", "Draft plan shared with partners for comment."))),
        ActionSpec("Holiday activities and a healthy meal for children on free school meals", FOOTBALL,
                   "Four weeks of free activities and a meal each summer for 600 children on free school "
                   "meals, in 2025 and 2026.", D(2025, 4, 1), D(2026, 9, 30), "completed",
                   (COUNCIL, HELPS, SPORTS),
                   (("Summer 2025 programme delivered", D(2025, 8, 31), D(2025, 8, 29)),
                    ("Summer 2026 programme delivered", D(2026, 8, 31), D(2026, 8, 28))),
                   (("2025/26 Q3", "green", "Summer 2025 reached 574 children; October half term added."),
                    ("2025/26 Q4", "green", "Venues and coaches booked for 2026."),
                    ("2026/27 Q1", "green", "Bookings open; 410 children signed up by June."),
                    ("2026/27 Q2", "complete", "Done: 633 children took part in summer 2026."))),
        ActionSpec("Narrow the GCSE gap for disadvantaged pupils", SCHOOL,
                   "Cut the gap in good GCSE passes between pupils on free school meals and their "
                   "classmates by a third by summer 2026. (In 2011, 77% of pupils here got five good GCSEs "
                   "against 83% across the county.)", D(2024, 9, 1), D(2026, 8, 31), "completed",
                   (COLLEGE, COUNTY),
                   (("Tutoring for 120 pupils in Year 10 and 11", D(2025, 1, 31), D(2025, 1, 24)),),
                   (("2025/26 Q3", "green", "Tutoring running in four schools."),
                    ("2025/26 Q4", "amber", "Mock results show a smaller narrowing than hoped."),
                    ("2026/27 Q1", "amber", "Extra Easter revision sessions added."),
                    ("2026/27 Q2", "complete", "Finished: the gap narrowed by a quarter, not a third."))),
    ]),
    (2, "Encourage healthy lifestyle choices",
     "Less smoking, better food and more activity, built on what has already worked here.",
     ["behaviours-and-lifestyles"], [
        ActionSpec("Relaunch Smokebusters: smoke-free homes and cars", COUNCIL,
                   "600 more pledges to keep homes and cars smoke-free by March 2027 (the first campaign "
                   "collected nearly 600) and 150 referrals to stop-smoking support.",
                   D(2024, 6, 1), D(2027, 3, 31), "in_progress", (NHS_TRUST, PCN, COUNTY),
                   (("Pledge cards and online pledge live", D(2024, 7, 31), D(2024, 7, 22)),
                    ("300 pledges", D(2025, 12, 31), D(2025, 12, 18)),
                    ("600 pledges", D(2027, 3, 31), None)),
                   (("2025/26 Q3", "green", "300th pledge signed in December; 64 referrals to stop smoking."),
                    ("2025/26 Q4", "green", "352 pledges; pharmacies now take pledges too."),
                    ("2026/27 Q1", "amber", "Pledges slowed to 30 this quarter; school assemblies planned."),
                    ("2026/27 Q2", "green", "School assemblies brought 97 family pledges: 479 in all."))),
        ActionSpec("Healthy cooking on a budget in children's centres", FAMILY_CENTRE,
                   "40 courses for 320 parents by March 2027, showing that healthy family food need not "
                   "cost more.", D(2025, 1, 6), D(2027, 3, 31), "in_progress", (COUNTY, HELPS),
                   (("Course and recipe book ready", D(2025, 3, 31), D(2025, 3, 28)),
                    ("20 courses held", D(2026, 3, 31), D(2026, 4, 21))),
                   (("2025/26 Q3", "green", "14 courses run, all full, with waiting lists."),
                    ("2025/26 Q4", "amber", "Cook left; two courses postponed."),
                    ("2026/27 Q1", "green", "New cook started; 20th course held in April."),
                    ("2026/27 Q2", "green", "26 courses and 205 parents so far."))),
        ActionSpec("Exercise on referral at the Healthy Hub", LEISURE,
                   "Take 300 patients a year referred by GPs for weight loss, diabetes, heart conditions or "
                   "back and joint pain; 60% still active after 12 weeks.", D(2024, 4, 1), D(2027, 3, 31),
                   "in_progress", (PCN, NHS_TRUST),
                   (("Referral form built into GP systems", D(2024, 9, 30), D(2024, 10, 15)),
                    ("12-week outcomes reported to primary care", D(2025, 6, 30), D(2025, 6, 30)),
                    ("Annual review with primary care networks", D(2026, 9, 30), None)),
                   (("2025/26 Q3", "green", "81 referrals this quarter; weight loss is the main reason."),
                    ("2025/26 Q4", "green", "318 referrals in the year; 64% active at 12 weeks."),
                    ("2026/27 Q1", "green", "Anti-gravity treadmill sessions added for knee patients."),
                    ("2026/27 Q2", "amber", "Referrals dipped while one practice changed systems; annual "
                                            "review moved to December."))),
        ActionSpec("Free outdoor and online activity sessions (So Active)", LEISURE,
                   "120 free sessions a year in parks and online, reaching 1,000 inactive residents by March "
                   "2027. (The first summer reached over 300 people through more than 30 sessions.)",
                   D(2025, 4, 1), D(2027, 3, 31), "in_progress", (SPORTS, COUNCIL),
                   (("Winter indoor venues booked", D(2025, 10, 31), D(2025, 10, 20)),),
                   (("2025/26 Q3", "green", "34 sessions; 212 new participants, half over 60."),
                    ("2025/26 Q4", "amber", "Bad weather cancelled nine outdoor sessions."),
                    ("2026/27 Q1", "green", "Walking football added; 618 people reached in all."),
                    ("2026/27 Q2", "green", "Summer in the parks: 39 sessions, 802 people reached in all."))),
    ]),
    (2, "Support good mental health",
     "Less stigma, earlier help, and support for the people most at risk: isolated older people, carers "
     "and people in debt or with addictions.", ["behaviours-and-lifestyles", "integrated-health-and-care"], [
        ActionSpec("Befriending calls and visits for isolated residents", MIND,
                   "Stay in touch with 400 isolated residents a month by phone or visit until March 2027. "
                   "(Seven partners made over 8,000 calls and almost 3,400 visits during the pandemic.)",
                   D(2024, 4, 1), D(2027, 3, 31), "in_progress",
                   (HELPS, CARELINE, HOME_START, FAMILY_CENTRE, LIVING_ROOM, FOOTBALL),
                   (("One referral form for all seven partners", D(2024, 6, 30), D(2024, 6, 18)),
                    ("40 new volunteer befrienders trained", D(2025, 12, 31), D(2026, 2, 27)),
                    ("Loneliness scores collected before and after", D(2026, 6, 30), None)),
                   (("2025/26 Q3", "amber", "352 residents a month: below 400 until new volunteers start."),
                    ("2025/26 Q4", "amber", "Training finished in February; 381 residents a month."),
                    ("2026/27 Q1", "green", "417 residents a month; waiting list cleared."),
                    ("2026/27 Q2", "green", "428 a month. Loneliness questionnaire still being agreed."))),
        ActionSpec("Mental health first aid training across partner organisations", MIND,
                   "Train 200 staff and volunteers as mental health first aiders by March 2026.",
                   D(2024, 9, 1), D(2026, 3, 31), "completed", (COUNCIL, POLICE, FIRE, WESTGATE),
                   (("Trainers and dates agreed", D(2024, 10, 31), D(2024, 10, 31)),),
                   (("2025/26 Q3", "green", "168 trained, including 30 shop staff at Westgate."),
                    ("2025/26 Q4", "complete", "Done: 214 first aiders trained across nine organisations."))),
        ActionSpec("Carer's passports and support for carers", COUNCIL,
                   "500 carer's passports issued and 60 shops offering carers discounts by March 2027.",
                   D(2025, 4, 1), D(2027, 3, 31), "in_progress", (CVS, WESTGATE),
                   (("Passport relaunched with a new design", D(2025, 6, 30), D(2025, 6, 24)),),
                   (("2025/26 Q3", "amber", "190 passports issued; only 22 shops signed up."),
                    ("2025/26 Q4", "green", "Westgate brought in 18 of its shops: 41 in all."),
                    ("2026/27 Q1", "green", "Carers Week stall issued 74 passports: 331 in all."),
                    ("2026/27 Q2", "amber", "Sign-ups slowed over summer; 358 passports, 47 shops."))),
        ActionSpec("Young People's Hub for 11 to 16 year olds", LEISURE,
                   "See 250 young people a year at the hub and open pop-up hubs in two more secondary "
                   "schools by September 2026.", D(2024, 9, 1), D(2026, 9, 30), "in_progress",
                   (COUNTY, LIVING_ROOM, SCHOOL),
                   (("Pop-up hub at The Nobel School", D(2025, 4, 30), D(2025, 5, 12)),
                    ("Pop-up hub at a second school", D(2026, 1, 31), None)),
                   (("2025/26 Q3", "green", "71 young people this quarter; most come for anxiety."),
                    ("2025/26 Q4", "amber", "Second school has not yet found a room for the pop-up hub."),
                    ("2026/27 Q1", "amber", "263 young people in the year; second pop-up still delayed."),
                    ("2026/27 Q2", "red", "Target date passed without the second pop-up hub; a youth "
                                          "centre is now being considered instead."))),
    ]),
    (3, "Ensure clean and green spaces",
     "Keep the parks and woods in good shape, get residents involved in caring for them, and act on "
     "climate change.", ["places-and-communities"], [
        ActionSpec("A Friends group for every large park", GROUNDWORK,
                   "Six new Friends groups and 2,000 volunteer hours on grassland and woodland by March "
                   "2027.",
                   D(2024, 6, 1), D(2027, 3, 31), "in_progress", (COUNCIL, CHURCHES),
                   (("Two new groups started", D(2025, 3, 31), D(2025, 4, 30)),
                    ("Tool library for Friends groups", D(2026, 3, 31), D(2026, 3, 14))),
                   (("2025/26 Q3", "green", "Four groups running; 1,120 volunteer hours logged."),
                    ("2025/26 Q4", "green", "Tree planting weekend added 260 hours."),
                    ("2026/27 Q1", "green", "Fifth group formed at Shephalbury Park."),
                    ("2026/27 Q2", "green", "1,930 hours logged; sixth group meets in October."))),
        ActionSpec("Keep both Green Flag awards and win a third", COUNCIL,
                   "Both Green Flag parks keep their awards and a third park wins one by summer 2026.",
                   D(2024, 4, 1), D(2026, 7, 31), "completed", (GROUNDWORK,),
                   (("Third park's application submitted", D(2026, 1, 31), D(2026, 1, 30)),),
                   (("2025/26 Q3", "green", "Management plan for the third park finished."),
                    ("2025/26 Q4", "green", "Application submitted in January."),
                    ("2026/27 Q1", "green", "Judges visited in May."),
                    ("2026/27 Q2", "complete", "Done: all three parks hold Green Flag awards."))),
    ]),
    (3, "Help people feel safe",
     "Crime is lower than people think: tackle antisocial behaviour quickly, challenge the myths and act "
     "on domestic abuse.", ["places-and-communities"], [
        ActionSpec("Tackle antisocial behaviour in hot spots", POLICE,
                   "Cut recorded antisocial behaviour by 10% on 2024/25 by March 2027. (It fell from 5,177 "
                   "incidents in 2010/11 to 4,810 in 2011/12.)", D(2024, 4, 1), D(2027, 3, 31),
                   "in_progress", (COUNCIL, YMCA),
                   (("Youth outreach bus in three hot spots", D(2025, 5, 31), D(2025, 6, 2)),
                    ("Summer cycle patrols", D(2026, 8, 31), D(2026, 8, 30))),
                   (("2025/26 Q3", "amber", "Bonfire night incidents up on last year."),
                    ("2025/26 Q4", "green", "Down 6% on 2024/25 over the year."),
                    ("2026/27 Q1", "green", "Outreach bus engaged 340 young people."),
                    ("2026/27 Q2", "amber", "Summer spike near the town centre; patrols extended."))),
        ActionSpec("A domestic abuse coordinator and awareness campaigns", COUNCIL,
                   "Coordinator in post by June 2025 and a campaign around every major public event and "
                   "bank holiday, when incidents tend to rise.", D(2025, 1, 1), D(2026, 6, 30),
                   "in_progress", (POLICE, CAB, COMET),
                   (("Coordinator in post", D(2025, 6, 30), None),
                    ("Christmas campaign", D(2025, 12, 15), D(2025, 12, 1))),
                   (("2025/26 Q3", "amber", "Christmas campaign ran; coordinator post still not filled."),
                    ("2025/26 Q4", "red", "Second recruitment round failed; funding only runs to March."),
                    ("2026/27 Q1", "red", "Police and council looking for joint funding for the post."),
                    ("2026/27 Q2", "red", "Joint funding agreed in principle; to be advertised in "
                                          "December."))),
        ActionSpec("Help people feel safe in the town centre at night", POLICE,
                   "Fewer residents afraid to walk through the town centre at night: from 29% towards the "
                   "national 21% by the 2026 residents' survey.", D(2024, 10, 1), D(2026, 12, 31),
                   "in_progress", (WESTGATE, COUNCIL),
                   (("Taxi marshals every Friday and Saturday", D(2025, 3, 31), D(2025, 3, 14)),
                    ("Lighting survey of underpasses", D(2025, 10, 31), D(2025, 10, 2))),
                   (("2025/26 Q3", "green", "Six underpasses relit after the survey."),
                    ("2025/26 Q4", "green", "Street pastors out on Saturday nights."),
                    ("2026/27 Q1", "amber", "One taxi marshal left; Saturdays only for now."),
                    ("2026/27 Q2", "green", "Marshals back on both nights; survey fieldwork started."))),
    ]),
    (3, "Support and encourage volunteering",
     "Make it easy to give a little time: short roles, support for volunteers and more businesses "
     "releasing staff.", ["places-and-communities"], [
        ActionSpec("Match volunteers to short, flexible roles", CVS,
                   "Place 600 people in a volunteering role within three months of asking, by March 2027. "
                   "(Over 900 people a year come to the Volunteer Centre wanting to help.)",
                   D(2024, 4, 1), D(2027, 3, 31), "in_progress", (COUNCIL, CHURCHES),
                   (("Online directory of roles", D(2025, 1, 31), D(2025, 1, 20)),),
                   (("2025/26 Q3", "green", "311 placed so far; one-off roles are the most popular."),
                    ("2025/26 Q4", "amber", "Placements slowed after the winter appeal closed."),
                    ("2026/27 Q1", "green", "Volunteers' Week fair: 86 people placed in June."),
                    ("2026/27 Q2", "green", "522 placed in all."))),
        ActionSpec("Employer volunteering pledge", CHAMBER,
                   "50 more businesses give staff time to volunteer by March 2027. (Of 394 businesses "
                   "surveyed, 39% already supported local groups and 29% released staff to volunteer.)",
                   D(2025, 4, 1), D(2027, 3, 31), "in_progress", (CVS,),
                   (("Pledge launched at the business breakfast", D(2025, 6, 30), D(2025, 6, 26)),),
                   (("2025/26 Q3", "amber", "14 businesses signed; small firms say they cannot spare staff."),
                    ("2025/26 Q4", "amber", "Half-day team challenges offered to small firms."),
                    ("2026/27 Q1", "amber", "27 signed."),
                    ("2026/27 Q2", "green", "38 signed after two large employers joined."))),
    ]),
]
# The coordinator's stocktake of some priorities as a whole: their progress and impact, quarter by
# quarter, drawn from the actions' own updates (priority title -> (period, RAG, progress and impact)).
PRIORITY_UPDATES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Understand and address child poverty": (
        ("2026/27 Q1", "amber",
         "Two of the three actions are delivering: holiday activities and GCSE tutoring reach the "
         "children they are meant for. The joint plan is the gap: without it partners cannot see whether "
         "their work adds up to less child poverty in the neighbourhoods the profile picked out."),
        ("2026/27 Q2", "amber",
         "Summer activities reached 633 children on free school meals and the GCSE gap narrowed by a "
         "quarter. The draft plan is out for comment; the board should agree it before the annual report "
         "so that next year's actions are costed against it."),
    ),
    "Encourage healthy lifestyle choices": (
        ("2026/27 Q1", "green",
         "Building on what already worked here: the first Smokebusters campaign collected nearly 600 "
         "pledges and the relaunch is past 380. The Healthy Hub, which has welcomed thousands of visitors "
         "since it opened, now takes GP referrals straight from practice systems."),
        ("2026/27 Q2", "green",
         "Four actions on track or close to it: 479 smoke-free pledges, 205 parents through healthy "
         "cooking courses and 802 residents reached by So Active. Referrals to exercise dipped while one "
         "practice changed systems: watch next quarter."),
    ),
    "Support good mental health": (
        ("2026/27 Q2", "amber",
         "Befriending now reaches over 400 isolated residents a month and 214 mental health first aiders "
         "work across nine organisations. Young people are the weak spot: the second pop-up hub has not "
         "opened, and most young people at the hub come with anxiety."),
    ),
    "Support and encourage volunteering": (
        ("2026/27 Q1", "amber",
         "People want to help (over 900 a year come to the Volunteer Centre) and short roles suit them, "
         "but businesses are slow to release staff: 27 of the 50 hoped for."),
        ("2026/27 Q2", "green",
         "522 people placed in roles and 38 employers signed the pledge after two large employers joined. "
         "On course for both targets by March if the autumn fair matches June's."),
    ),
}
PARKS = [
    "Fairlands Valley Park", "King George V Playing Fields", "Hampson Park", "Shephalbury Park",
    "Town Centre Gardens", "St Nicholas Park", "Symonds Green Open Space", "Bandley Hill Park", "Chells Park",
    "Poplars Open Space", "Pin Green Open Space", "Canterbury Way Playing Fields",
]
BEFRIENDERS = [FOOTBALL, HELPS, CARELINE, HOME_START, FAMILY_CENTRE, LIVING_ROOM]
# fmt: on

INITIATIVES = [
    InitiativeSpec(
        name="So Active",
        slug="so-active",
        kind="project",
        description=(
            "Free physical activity online and outdoors, started in summer 2020 to help residents' "
            "physical and mental health while the pandemic kept them at home. Over 300 people joined "
            "more than 30 sessions between July and September 2020; it has run every year since."
        ),
        start_date=D(2020, 7, 1),
        lead=LEISURE,
        partners=(COUNCIL, SPORTS),
        target_groups=("Key workers", "Older people", "Children and young people", "Adults"),
        places=("Online", "Parks and open spaces"),
        nodes=("2.1", "2.2"),
    ),
    InitiativeSpec(
        name="Pop-up Play",
        slug="pop-up-play",
        kind="event",
        description=(
            "Play sessions in parks for families, aimed at mental wellbeing and isolation. In summer "
            "2020, 60 sessions ran in 12 parks and open spaces over five weeks; over 1,000 activity "
            "packs went to the families taking part and over 900 picnics to households facing food "
            "poverty."
        ),
        start_date=D(2020, 8, 3),
        lead=COUNCIL,
        partners=(SPORTS, HELPS),
        target_groups=("Families", "Children", "Households facing food poverty"),
        places=tuple(PARKS),
        funding="Donations and councillors' ward budgets",
        nodes=("1.4", "2.2"),
    ),
    InitiativeSpec(
        name="Befriending calls and visits",
        slug="befriending-calls",
        kind="service",
        description=(
            "Seven partners connect volunteer befrienders with residents who need food, prescriptions or "
            "someone to talk to. During the pandemic they made over 8,000 calls and almost 3,400 home "
            "visits."
        ),
        start_date=D(2020, 3, 30),
        lead=MIND,
        partners=tuple(BEFRIENDERS),
        target_groups=(
            "People shielding or self-isolating",
            "Isolated older people",
            "Families in hardship",
        ),
        places=("Across Stevenage, by phone and at home",),
        nodes=("2.2", "3.3"),
    ),
    InitiativeSpec(
        name="Smokebusters",
        slug="smokebusters",
        kind="campaign",
        description=(
            "Residents pledge to keep their home and car free of smoke, protecting others from "
            "second-hand smoke, and are offered help to stop. Nearly 600 people pledged in the first "
            "campaign; it was relaunched in 2024."
        ),
        start_date=D(2024, 6, 1),
        end_date=D(2027, 3, 31),
        lead=COUNCIL,
        partners=(NHS_TRUST, PCN, COUNTY),
        target_groups=("Adults who smoke", "Families with children"),
        places=("Homes and cars", "Pharmacies", "Schools"),
        nodes=("2.1",),
    ),
    InitiativeSpec(
        name="The Healthy Hub",
        slug="healthy-hub",
        kind="service",
        description=(
            "A one-stop shop for health and wellbeing, the county's pilot district hub: help to stop "
            "smoking, for mental health and to get active, exercise on referral from GPs, and specialist "
            "equipment (an anti-gravity treadmill and an electrically assisted bike) for people with "
            "disabilities or long-term conditions. 18 organisations hold appointments there. By the time "
            "the partnership wrote it up it had welcomed 19,609 visitors, 899 of them on exercise "
            "referral."
        ),
        start_date=D(2016, 1, 4),
        lead=LEISURE,
        partners=(COUNCIL, COUNTY, PCN, MIND),
        target_groups=(
            "Adults who smoke",
            "People who need mental health support",
            "Inactive adults and children",
            "People with disabilities or long-term conditions",
        ),
        places=("The Healthy Hub",),
        funding=(
            "Started as the county pilot of the district health hub programme; now pays its way through "
            "exercise referral memberships and room hire."
        ),
        nodes=("2.1", "2.2"),
    ),
    InitiativeSpec(
        name="Young People's Hub",
        slug="young-peoples-hub",
        kind="service",
        description=(
            "A hub for 11 to 16 year olds who need help with their mental, emotional or physical health: "
            "group therapy, family activity, a community kitchen, life skills and open play, plus sports "
            "leader awards, mental health first aid and volunteering. It refers on to children's mental "
            "health services, young carers' support, online counselling, drug and alcohol services, The "
            "Living Room and stop-smoking support. Pop-up hubs take it into other secondary schools."
        ),
        start_date=D(2020, 1, 6),
        lead=LEISURE,
        partners=(COUNCIL, COUNTY, LIVING_ROOM, SCHOOL),
        target_groups=("Young people aged 11 to 16",),
        places=("Marriotts School sports centre", "Pop-up hubs in secondary schools"),
        funding="Public Health Hertfordshire",
        nodes=("2.2", "1.4"),
    ),
]
