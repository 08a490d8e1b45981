"""The demo's articles in English, the source language. ``REMITTANCES_REVISED`` is
the remittances article's second revision, published after the Ukrainian
translation was made (so that translation shows as out of date)."""

TEXTS: dict[str, tuple[str, str, str]] = {
    "work_rights": (
        "Your rights at work",
        "If you work in Moldova legally, the Labour Code protects you as it protects "
        "Moldovan workers: a written contract, at least the minimum wage, limited hours, "
        "paid leave and safe work.",
        """Foreigners who work legally in Moldova have the same rights at work as Moldovan workers.
The Labour Code (Law No. 154/2003) applies to you whatever your nationality.

Before you start, your employer signs a written individual employment contract with you and gives
you a copy. It says what work you do, where, for what wage, your working hours and your leave. Do
not sign a contract you do not understand: ask your integration centre to explain it.

You must be paid at least the national minimum wage, on time and in full. The normal working week
is 40 hours. Overtime is the exception, and it is paid at a higher rate or compensated by time off.
You have the right to paid annual leave, to sick leave, and to safe and healthy working conditions
with the protective equipment your work needs. You may join a trade union.

Your employer may not keep your passport, your residence permit or any other identity document.
Holding a worker's documents is one of the signs of forced labour.

To work in Moldova most foreigners need a right of residence for work. Refugees, beneficiaries of
humanitarian protection and people with temporary protection may work without one.

If your rights are not respected, keep your contract, pay records and messages, and see "How to
complain".""",
    ),
    "residence": (
        "Residence permits and documents",
        "Your right to stay in Moldova depends on a residence right for a purpose, or on "
        "asylum or temporary protection. Keep your documents valid and with you.",
        """The stay of foreigners in Moldova is governed by Law No. 200/2010 on the regime of
foreigners. The General Inspectorate for Migration, part of the Ministry of Internal Affairs,
grants rights of residence and issues residence permits.

A temporary right of residence is granted for a purpose, such as work, studies, family
reunification or humanitarian reasons, and for a limited time. Apply to extend it before your
permit expires: staying without a valid right can lead to a fine or to having to leave the country.
After several years of lawful residence you may ask for permanent residence.

People who fled Ukraine can receive temporary protection in Moldova. It gives a right to stay, to
work, to medical care and to education. Asylum seekers, refugees and beneficiaries of humanitarian
protection receive their documents from the General Inspectorate for Migration.

Carry your residence permit or protection document with you. Only the authorities may take your
documents from you: never an employer, a recruiter or a landlord.

Tell the migration authority when your address, your family situation or your passport changes. If
a document is lost or stolen, report it to the police and ask the General Inspectorate for
Migration for a new one.""",
    ),
    "family_reunification": (
        "Bringing your family to Moldova",
        "With a right of residence in Moldova you may ask for your close family to join "
        "you. Prepare the documents early: many must be translated and legalised.",
        """Foreigners who hold a right of residence in Moldova may ask for a right of residence for
family reunification for their family members, under Law No. 200/2010 on the regime of foreigners.

Family members are usually your husband or wife and your children under 18, including adopted
children, and in some cases parents who depend on you.

The conditions usually include a valid right of residence, housing suitable for the family, enough
stable income to support them, and health insurance. The migration authority may check that a
marriage is genuine.

Documents issued abroad, such as marriage and birth certificates, must be translated into Romanian
and legalised, or carry an apostille if they come from a country that is party to the Hague
Apostille Convention.

Refugees and beneficiaries of humanitarian protection also have a right to family reunification,
with conditions adapted to their situation.

The application goes to the General Inspectorate for Migration. Your integration centre can help
you put the file together.""",
    ),
    "naturalisation": (
        "Becoming a citizen of Moldova",
        "After many years of lawful residence you can apply for Moldovan citizenship. You "
        "need to know Romanian and the basics of the Constitution.",
        """Citizenship by naturalisation is governed by the Law on Citizenship of the Republic of
Moldova (No. 1024/2000).

The main conditions are: lawful and habitual residence in Moldova for a number of years (ten as a
general rule, fewer for some people, such as spouses of Moldovan citizens); knowledge of the state
language, Romanian, good enough to take part in society; knowledge of the basic provisions of the
Constitution; and legal means of living. Some criminal convictions and activities against the state
exclude naturalisation.

Moldova allows multiple citizenship, but in some cases the law asks applicants to give up another
citizenship. Check what applies to you, and what your own country's law says, before you apply.

Applications are submitted to the Public Services Agency. Citizenship is granted by decree of the
President of the Republic of Moldova.

Romanian language courses help you prepare: see "School, language courses and diplomas".""",
    ),
    "health": (
        "Health care",
        "Emergency care is given to everyone. For other care you need health insurance; "
        "register with a family doctor near where you live.",
        """In an emergency call 112. Emergency medical care is given to everyone in Moldova,
insured or not.

Other care is paid for by compulsory health insurance, run by the National Health Insurance Company
(CNAM). Employees are insured through the contributions paid on their wages: check that your
employer pays them. People with a right of residence who do not work can usually buy an insurance
policy themselves.

Refugees, beneficiaries of humanitarian protection and people with temporary protection have access
to health care under the rules that apply to their status. Ask your integration centre which rules
apply to you and what is free.

Register with a family doctor at the health centre near your home. The family doctor is your first
contact: they treat you, prescribe medicines and send you to specialists when needed. Children are
vaccinated according to the national vaccination calendar.

What you tell a doctor is confidential. You have the right to an interpreter's help to understand
your treatment; ask for it in advance.""",
    ),
    "education": (
        "School, language courses and diplomas",
        "Children go to school whatever their status. Adults can learn Romanian and have "
        "their diplomas recognised.",
        """Every child in Moldova has the right to education, whatever their status or their
parents' status. School is compulsory, and children of foreigners, asylum seekers and refugees go
to state schools on the same terms as Moldovan children. Ask the local education department or the
school near your home to enrol your child.

Most schools teach in Romanian; some teach in Russian or other languages. Children who are learning
Romanian can get extra support.

Adults can learn Romanian in courses run by integration centres and language course providers. For
beneficiaries of international protection the courses are part of the integration programme and are
free of charge. Knowing Romanian helps with work and is needed for citizenship.

Diplomas and qualifications from abroad can be recognised. The Ministry of Education and Research
decides on recognition and equivalence: bring the original documents, certified translations and,
if you have them, your transcripts.

Adults who want a new trade can ask the National Employment Agency about vocational training.""",
    ),
    "housing": (
        "Renting a home",
        "Ask for a written rental contract and a receipt for every payment. Refusing you a "
        "home because of where you come from is discrimination.",
        """Before you rent, ask for a written contract. It should state the rent, the deposit, what
the rent includes (water, heating, electricity, gas), how long the contract lasts and how each side
can end it. Read it before you sign, and keep a copy.

Pay by bank transfer, or ask for a signed receipt for every payment in cash, including the deposit.

Your landlord may not keep your passport or residence permit. You need your address for your
residence documents: tell the migration authority when you move.

Refusing to rent to you because of your nationality, ethnic origin, language, religion or skin
colour is discrimination, forbidden by Law No. 121/2012 on ensuring equality. You can complain to
the Equality Council.

Asylum seekers can be offered a place in the accommodation centre for asylum seekers. If you are at
risk of losing your home, contact your integration centre or the social assistance service of your
municipality.""",
    ),
    "complaints": (
        "How to complain",
        "Where to go when your rights are not respected: at work, when you face "
        "discrimination, with a public authority, or when you are in danger.",
        """Problems at work, such as unpaid wages, no written contract, unsafe work or too many
hours: complain to the State Labour Inspectorate. It can inspect the workplace and order the
employer to comply.

Discrimination at work, in housing, in services or in education: complain to the Equality Council
(the Council for the Prevention and Elimination of Discrimination and Ensuring Equality).

A public authority that does not respect your rights: write to the People's Advocate (the
Ombudsperson).

Free legal advice: the state-guaranteed legal aid system, and organisations such as the Law Center
of Advocates, which helps refugees and asylum seekers.

Violence, threats, forced labour or trafficking in human beings: call the police on 112.

Keep evidence: your contract, pay records, messages, photos, and the names of people who saw what
happened. Time limits apply, so do not wait too long.

You can also make a complaint through your integration centre, and you can ask that your name is
not given to the employer. Complaints handled through Integra are kept apart from decisions on
residence: the staff who decide on residence do not see them.""",
    ),
    "recruitment_fees": (
        "You never pay to get a job",
        "No one may charge you a fee for finding or getting a job, in Moldova or abroad. "
        "If someone asks you to pay, do not pay.",
        """Workers never pay to be recruited. International labour standards are clear:

The ILO Private Employment Agencies Convention, 1997 (No. 181), Article 7, says that private
employment agencies shall not charge, directly or indirectly, in whole or in part, any fees or
costs to workers.

The ILO General principles and operational guidelines for fair recruitment, with the ILO's
definition of recruitment fees and related costs, say that no recruitment fees or related costs
should be charged to, or otherwise borne by, workers or jobseekers. This covers not only placement
fees but also related costs such as travel, visas, medical examinations, documents and training the
employer requires.

Warning signs: a fee "to reserve" a job; money taken from your first wages to pay back the agency;
a loan from the recruiter; a contract in a language you do not understand; an agency that wants to
keep your passport.

Before you deal with an agency, ask the National Employment Agency whether it is authorised to
place workers, and ask for the employer's name and a written job offer.

If you were asked to pay, or have paid: do not pay more, keep every receipt and message, and tell
your integration centre or complain to the State Labour Inspectorate. If you are held against your
will or your documents are taken, call the police on 112.""",
    ),
    "remittances": (
        "Sending money home: compare the total cost",
        "The real price of sending money is the fee plus the exchange-rate margin. Compare "
        "how much your family receives, not only the fee.",
        """Sending money costs you in two ways: the fee the provider charges, and the exchange-rate
margin, the difference between the exchange rate you are given and the market rate. A provider that
advertises "no fee" may take a bigger margin.

Compare the total cost. For the same amount, for example the equivalent of 200 US dollars, ask each
provider how much the receiver will get in their currency. The one that delivers the most money is
the cheapest.

The World Bank's Remittance Prices Worldwide database (remittanceprices.worldbank.org) compares the
cost of sending money between many countries and providers.

The United Nations' Sustainable Development Goals aim to bring the cost of sending money home below
3 % of the amount sent by 2030, and to end corridors where it costs more than 5 % (target 10.c). If
you pay much more, look for a cheaper way.

Use a bank or a licensed payment or money transfer provider: in Moldova they are supervised by the
National Bank of Moldova. Money given to informal carriers is not protected.

Compare also how fast the money arrives, how the receiver collects it (bank account, cash or mobile
wallet), and any fee on the receiving side.""",
    ),
    "social_security": (
        "Social security across borders",
        "Insurance periods in Moldova and in another country can count together for a "
        "pension when the two countries have a social security agreement.",
        """Social insurance contributions paid in Moldova count towards a Moldovan pension and
other benefits. Social insurance is run by the National Social Insurance House (CNAS).

Moldova has bilateral social security agreements with a number of countries, many of them in the
European Union. Under such an agreement, the periods you were insured in each country are added
together (totalisation) to decide whether you qualify for a benefit such as an old-age pension;
each country then pays a part for the periods completed there.

Agreements also let you receive a pension when you live in the other country (export of benefits),
give you the same treatment as the country's own nationals, and avoid paying contributions in two
countries at once when your employer posts you abroad for a short time.

Without an agreement, periods of work in another country may not count in Moldova, and the other
way round. International labour standards, such as the ILO Maintenance of Social Security Rights
Convention, 1982 (No. 157), set out the same principles.

Keep proof of every period of work and insurance: contracts, pay slips and insurance statements.
Ask CNAS, or the social insurance institution of the other country, which agreement applies to you
before you move.""",
    ),
}

# The second revision of the remittances article: one paragraph more.
REMITTANCES_REVISED = (
    TEXTS["remittances"][0],
    TEXTS["remittances"][1],
    TEXTS["remittances"][2]
    + """

Keep the receipt and the transfer's reference number: the receiver may need it to collect the
money, and you need it if something goes wrong.""",
)

# A second revision of the housing article, in review in the demo.
HOUSING_REVISED = (
    TEXTS["housing"][0],
    TEXTS["housing"][1],
    TEXTS["housing"][2]
    + """

Before you move out, agree with the landlord on the state of the home and on when the deposit will
be returned, in writing.""",
)
