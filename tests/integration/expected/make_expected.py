#!/usr/bin/python3
"""Writes the expected answers (cq01..cq10 .tsv) beside this file.

The facts below were written by hand from reading the five seed articles (README.md in this folder
explains every choice); this script only sorts them, looks up each evidence sentence in the seed text to
compute its code point offsets (body.find), and lists the treaty mentions (occurrences of the lexicon's
treaty aliases, longest match first). Run with /usr/bin/python3 (needs python3-rdflib):

    /usr/bin/python3 tests/integration/expected/make_expected.py
"""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))

# ---- treaty mentions: the lexicon's treaty and declaration aliases ----
import re, rdflib
from rdflib.namespace import SKOS, RDF
g=rdflib.Graph().parse(os.path.join(ROOT, 'mappings', 'lexicon.ttl'))
TKG=rdflib.Namespace('https://w3id.org/treatykg/ontology#')
al=[]
for c in (TKG.Treaty, TKG.Declaration):
    for e in g.subjects(RDF.type,c):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for l in g.objects(e,p): al.append((str(l).replace('\u2019',"'").replace('\u2013','-'), str(e).rsplit('/',1)[1]))
al.sort(key=lambda x:-len(x[0]))
pat=re.compile(r'\b(' + '|'.join(re.escape(a) for a,_ in al) + r')\b', re.I)
amap={a.lower():k for a,k in al}
# A coordinated name sharing its plural head names each conjunct (guideline T1, Revisions R4):
# "the Moscow and Pyongyang Declarations" = "Moscow Declaration" + "Pyongyang Declaration".
coord=re.compile(r'\b([A-Z][\w-]*) and ([A-Z][\w-]*) (Declarations|Treaties|Agreements|Pacts|Accords)\b')
def mentions(body):
    t=body.replace('\u2019',"'")
    out=[(m.start(),m.end(),m.group(),amap[m.group().lower()]) for m in pat.finditer(t)]
    for m in coord.finditer(t):
        head=m.group(3)[:-1] if not m.group(3).endswith('ies') else m.group(3)[:-3]+'y'
        for g in (1, 2):
            k=amap.get((m.group(g)+' '+head).lower())
            if k: out.append((m.start(g),m.end(g),m.group(),k))
    return sorted(out)

SEEDS = os.environ.get('TREATYKG_SEEDS', os.path.join(ROOT, '..', 'shared', 'seeds'))
OUT = sys.argv[1] if len(sys.argv) > 1 else HERE
A = {k: k for k in ['000_3cdd9efb4ea1c8bb', '001_b8441e6d0dfee939', '002_dc77826089423d0b',
                    '003_9f3f47270ab306cf', '004_aff0d55bc72581f4']}
a0, a1, a2, a3, a4 = sorted(A)
BODY = {a: open(f'{SEEDS}/{a}.txt', encoding='utf-8').read() for a in A}
ART = lambda a: f'<https://w3id.org/treatykg/data/article/{a}>'
E = lambda k: f'<https://w3id.org/treatykg/entity/{k}>'
WD = lambda q: f'<http://www.wikidata.org/entity/{q}>'
T24 = E('treaty-on-comprehensive-strategic-partnership')
PUB = {a0: ('', '2024-12-05'), a1: ('RBC-Ukraine', '2024-06-19'), a2: ('', '2024-11-12'),
       a3: ('', '2024-11-12'), a4: ('', '2024-12-04')}

def span(a, s, occ=None):
    b = BODY[a]; i = -1
    for _ in range((occ or 0) + 1):
        i = b.find(s, i + 1)
        assert i >= 0, (a, s, occ)
    if occ is None:
        assert b.find(s, i + 1) < 0, ('not unique', a, s)
    # a sentence: starts at line start or after ". " etc., ends at line end or before a space
    assert i == 0 or b[i - 1] in '\n ', (a, s)
    e = i + len(s)
    assert e == len(b) or b[e] in '\n ', (a, s)
    return i, e

# ---- the article sentences used as evidence (verbatim) ----
S = {}
def sent(name, a, text, occ=None):
    S[name] = (a, text, occ); span(a, text, occ)

sent('0.eif', a0, 'The mutual assistance agreement signed by Russian leader Vladimir Putin with North Korean leader Kim Jong Un in Pyongyang in June 2024 came into effect on December 4.')
sent('0.spravdi', a0, 'This was reported by the Strategic Communications Center, Spravdi, on December 5.')
sent('0.scc', a0, 'The military alliance between Russia and North Korea is considered a significant step in escalation by Moscow, leading to the internationalization of the war in Ukraine, according to the Strategic Communications Center.')
sent('0.consult', a0, 'The text of the agreement states that in the event of a threat of armed aggression against either country, consultations will be held to coordinate possible measures for providing assistance.')
sent('0.attack', a0, 'In the case of an armed attack on one of the countries, the other will immediately provide military and other assistance.')
sent('0.rutte', a0, "For instance, on December 4, NATO Secretary General Mark Rutte stated that Russia is supporting North Korea's missile and nuclear programs, as noted by Spravdi.")
sent('0.partner', a0, 'This means that the partnership agreement between North Korea and Russia raises concerns for the Alliance and contributes to nuclear escalation.')
sent('0.hurwarn', a0, 'It was warned by the Main Intelligence Directorate (HUR) back in October that Moscow is transferring certain technologies to Pyongyang for the creation of low-yield tactical nuclear weapons and underwater missile launch systems.')
sent('0.missiles', a0, 'According to HUR, by early December, Russia had used about 60 North Korean missiles against Ukraine.')
sent('0.kursk', a0, 'Additionally, Ukrainian intelligence estimates that around 12,000 soldiers from North Korea have been deployed to the Kursk region.')
sent('0.indef', a0, 'The strategic partnership agreement between Russia and North Korea is indefinite.')
sent('0.third', a0, "It includes commitments from both parties not to enter into agreements with third countries that are aimed against each other's sovereignty and security.")
sent('0.coercive', a0, 'Russia and North Korea also agreed not to support unilateral coercive measures against each other if imposed by a third party and to jointly confront multiple challenges in food and energy security.')
sent('0.accused', a0, 'Kim Jong Un has even accused the USA of provoking and escalating tensions worldwide.')
sent('0.known', a0, 'It is known that Putin and Kim Jong Un signed a document regarding military support.')
sent('0.20000', a0, 'Currently, around 20,000 North Korean soldiers are fighting on the side of Russia.')
sent('0.promise', a0, 'North Korean leader Kim Jong Un promised to "steadfastly" support Russia in the war against Ukraine.')
sent('0.meet', a0, 'On November 29, a meeting took place between Kim and Russian Defense Minister Andrey Belousov.')
sent('0.meetend', a0, 'At the end of this meeting, the parties reached a consensus on strengthening the strategic partnership between the two countries.')
sent('0.budanov', a0, 'On October 23, the head of the Main Intelligence Directorate of the Ministry of Defense of Ukraine, Kyrylo Budanov, stated that North Korea is not helping Russia out of charity.')
sent('0.expansion', a0, 'The expansion of cooperation is the result of the mutual assistance agreement that Russian leader Vladimir Putin signed with North Korean leader Kim Jong Un in Pyongyang in June 2024.')

TITLE1 = 'Russia, North Korea dictators signed strategic partnership agreement: details'
sent('1.title0', a1, TITLE1, 0); sent('1.title1', a1, TITLE1, 1); sent('1.title2', a1, TITLE1, 2)
sent('1.concluded', a1, 'The illegitimate president of Russia, Vladimir Putin, concluded a strategic partnership agreement with North Korean dictator Kim Jong-un.')
sent('1.notext', a1, 'There is no text of the agreement yet, but many media outlets are writing about the military alliance, as the document provides for mutual protection.')
sent('1.b1', a1, 'Putin and Kim Jong-un have signed a strategic partnership agreement that could raise concerns in Ukraine over possible military cooperation and arms supplies.')
sent('1.b2', a1, 'The document envisages mutual protection of the countries, as well as possible military-technical cooperation, which can exacerbate tensions in the region and open the way to new military actions.')
sent('1.b3', a1, 'The signing of the agreement shows that the intentions of Moscow and Pyongyang to raise relations to a new level may have negative consequences for stability in the world.')
sent('1.heading', a1, 'Dictators Putin and Kim Jong-un signed a new agreement')
sent('1.dictator', a1, "In addition, the North Korean dictator once again supported Russia's war against Ukraine and called it the alleged protection of the interests and territorial integrity of the Russian Federation.")
sent('1.historic', a1, 'Kim Jong-un called Putin\'s visit a "historic moment".')
sent('1.nostalgic', a1, 'Putin predictably waxed nostalgic about Soviet times, saying that the friendship between the countries "was forged under conditions of severe trials."')
sent('1.facetoface', a1, 'Then there were one and a half hours of extended negotiations, after which Putin and Kim Jong-un talked face-to-face for more than two hours.')
sent('1.mainone', a1, "The main one of them is the treaty on Russia's comprehensive strategic partnership with the DPRK.")
sent('1.today', a1, 'The comprehensive partnership agreement signed today also provides for mutual assistance in the event of aggression against one of the parties to this agreement, Putin said.')
sent('1.mtc', a1, 'According to him, according to the agreement, Russia "does not rule out military-technical cooperation" with North Korea.')
sent('1.criticized', a1, 'The Russian dictator criticized the statements of the US and other Western countries about the supply of long-range weapons, F-16 aircraft and other equipment to Ukraine.')
sent('1.sanctions', a1, 'He also promised to oppose international sanctions together with the DPRK.')
sent('1.breakthrough', a1, 'Putin considers the agreement a breakthrough document.')
sent('1.powerful', a1, 'In turn, Kim called the treaty "the most powerful" and Putin - "the dearest friend of the Korean people."')
sent('1.noted', a1, 'He noted that the document raises the level of "allied relations".')
sent('1.peaceful', a1, 'According to him, the strategic partnership agreement is "peaceful".')
sent('1.todaymeet', a1, "Putin added that today's meeting supposedly gives impetus to the creation of mechanisms for reducing the impact of sanctions.")
sent('1.lavrov', a1, 'The Minister of Foreign Affairs of Russia, the odious Sergey Lavrov, said that "only a country that plans aggression against Russia or North Korea" can oppose the new treaty between the Russian Federation and North Korea on assistance in the event of aggression.')
sent('1.replaced', a1, 'The new treaty replaced the Treaty of Friendship and Mutual Assistance of 1961, the Treaty of Friendship and Good Neighborliness of 2000, and the Moscow and Pyongyang Declarations of 2000 and 2001.')
sent('1.shin', a1, 'Recently, South Korean Defense Minister Shin Won-sik said that Pyongyang could supply up to 5 million projectiles and dozens of ballistic missiles.')
sent('1.musienko', a1, 'That is why, I think, positions will be recorded in the agreement that the countries will deepen cooperation as much as possible, especially in the military and economic spheres, - believes Oleksandr Musienko, head of the Center for Military and Legal Studies.')
sent('1.opinion', a1, 'In my opinion, it can be in the treaty on strategic partnership with the DPRK.')
sent('1.kovalenko1', a1, 'Oleksandr Kovalenko, a military-political analyst of the "Information Resistance" group, suggests that such a clause may be in the contract.')
sent('1.article', a1, 'Before the visit, Putin published a laudatory article about cooperation with North Korea.')
sent('1.praised', a1, 'He praised Kim\'s dedication to the legacy of his father and grandfather and called Pyongyang a "steady like-minded person."')
sent('1.confirmed', a1, "He also confirmed his support for North Korea's fight against the United States.")
sent('1.isw', a1, "Turning to propaganda narratives creates the conditions for Putin's further requests for military aid, analysts at the Institute for the Study of War (ISW) believe.")
sent('1.kovalenko2', a1, "Kovalenko believes that Putin's goal is not so much to involve North Korean troops in the war against Ukraine as to obtain not only shells and missiles, but also equipment.")
sent('1.ryder', a1, 'The representative of the Pentagon, Pat Ryder, said that the arms deliveries help Moscow to wage war against Ukraine.')
sent('1.blinken', a1, 'And Secretary of State Anthony Blinken promised that Washington would do everything possible to stop North Korea\'s support for the Russian Federation.')
sent('1.shapps', a1, 'British Defense Minister Grant Shapps called Putin\'s visit a warning and added that "a new axis of tyranny is working to undermine our freedoms."')
sent('1.musienko2', a1, 'According to Musienko, a few years ago there was a moment when the West could "tempt" North Korea with economic preferences.')
sent('1.badnews', a1, "In any case, Russia's strategic partnership agreement with North Korea is bad news for Ukraine.")

sent('2.tuesday', a2, 'SEOUL, South Korea — On Tuesday, North Korea officially endorsed a significant military agreement with Russia, which establishes a framework for mutual defense assistance, as reported by state media.')
sent('2.accuse', a2, 'This move comes as the U.S., South Korea, and Ukraine accuse North Korea of dispatching thousands of troops to Russia to aid in its conflict against Ukraine.')
sent('2.lastweek', a2, 'Last week, Russia finalized the treaty, which had been signed earlier in June by President Vladimir Putin and North Korean leader Kim Jong Un.')
sent('2.kcna', a2, 'The Comprehensive Strategic Partnership treaty will come into effect following the mutual exchange of ratification documents, according to the Korean Central News Agency.')
sent('2.decree', a2, 'North Korea approved the treaty with a decree signed by Kim Jong Un in his capacity as president of state affairs.')
sent('2.unification', a2, 'Although North Korea’s Supreme People’s Assembly, its legislative body, usually has the authority to approve treaties, Kim has the power to ratify significant agreements independently, as noted by South Korea’s Unification Ministry.')
sent('2.stipulations', a2, 'The stipulations of the treaty dictate that both nations must swiftly provide military support using all available resources in the event of an attack on either party.')
sent('2.12000', a2, 'Intelligence reports from the U.S., South Korea, and Ukraine estimate that as many as 12,000 North Korean soldiers have been deployed to Russia in correlation with the treaty signed in June.')
sent('2.containers', a2, 'According to South Korea’s intelligence agency, since August 2023, North Korea has supplied over 13,000 containers filled with artillery, missiles, and other conventional weapons to Russia in an effort to replenish its diminishing arsenals.')

sent('3.title', a3, "North Korea and Russia's military pact raises global tensions")
sent('3.lede', a3, 'Kim Jong Un has signed a decree ratifying the strategic partnership treaty with Russia, obliging both parties to provide mutual military assistance.')
sent('3.june', a3, 'In June this year, in Pyongyang, the leaders of both countries, Vladimir Putin and Kim Jong Un, signed the "Treaty on Comprehensive Strategic Partnership between the DPRK and Russia."')
sent('3.11nov', a3, 'The North Korean leader ratified the agreement with Russia on 11th November.')
sent('3.duma', a3, "The Russian State Duma and the Federation Council had previously approved the bill for its ratification, and Putin's signature formalised the process.")
sent('3.sovereignty', a3, "The treaty between the Democratic People's Republic of Korea (DPRK) and the Russian Federation includes an obligation for both parties to provide mutual military assistance if their sovereignty is threatened.")
sent('3.keyel', a3, 'One of the key elements is providing support in situations involving military conflict.')
sent('3.declaration', a3, 'This declaration signifies that in the event of a military attack on one of these countries, the other commits to providing active support, which may influence the balance of power in the Asia-Pacific region.')
sent('3.concerns', a3, 'South Korea, Ukraine, and Western countries have already expressed concerns over the increasing military cooperation between North Korea and Russia.')
sent('3.10000', a3, 'Based on intelligence reports, these countries believe that North Korea may have sent approximately 10,000 soldiers to Russia to support its military actions in Ukraine.')

sent('4.title', a4, 'Defence agreement between Russia and North Korea comes into force')
sent('4.lede', a4, 'The defence agreement between Russia and North Korea, which formalises their alliance amid the war in Ukraine, has officially entered into force.')
sent('4.kcna', a4, 'This was reported by the North Korean KCNA news agency on Wednesday, AFP reports.')
sent('4.exchange', a4, 'The agreement came into force after the exchange of ratified documents in Moscow.')
sent('4.signed', a4, 'The agreement was signed in June this year by North Korean leader Kim Jong-un and Russian President Vladimir Putin.')
sent('4.revolutionary', a4, 'At the time, Putin called the document “revolutionary”.')
sent('4.withoutdelay', a4, 'Under the terms of the agreement, both countries are obliged to provide each other with military assistance “without delay” in the event of an attack on either party.')
sent('4.sanctions', a4, 'The agreement also provides for a joint fight against Western sanctions.')
sent('4.treatise', a4, 'The treatise was supported by all deputies of the State Duma of the Russian Federation, and on the part of North Korea, the document was ratified by Kim Jong-un through a special decree.')
sent('4.western', a4, 'Western partners accuse Pyongyang of sending more than 10,000 troops to Ukraine to support Russian forces.')
sent('4.stressed', a4, 'The KCNA stressed that the treaty will be a “powerful driving force” in creating a multipolar world order based on independence and justice without domination or hegemony.')

ev = lambda n: S[n][1]
art = lambda n: ART(S[n][0])

# ---- every fact (cq09): (type, sentence) ----
FACTS = [
 ('signing', '0.eif'), ('entry_into_force', '0.eif'), ('statement', '0.spravdi'), ('statement', '0.scc'),
 ('obligation', '0.consult'), ('obligation', '0.attack'), ('statement', '0.rutte'), ('statement', '0.hurwarn'),
 ('arms_transfer', '0.missiles'), ('troop_deployment', '0.kursk'), ('obligation', '0.third'),
 ('obligation', '0.coercive'), ('obligation', '0.coercive'), ('statement', '0.accused'), ('signing', '0.known'),
 ('troop_deployment', '0.20000'), ('statement', '0.promise'), ('meeting', '0.meet'),
 # R4: '0.meetend' ("At the end of this meeting, ...") refers back to the meeting; no meeting fact (M2).
 ('statement', '0.budanov'), ('signing', '0.expansion'),
 ('signing', '1.title0'), ('signing', '1.title1'), ('signing', '1.title2'), ('signing', '1.concluded'),
 ('obligation', '1.notext'), ('signing', '1.b1'), ('obligation', '1.b2'), ('obligation', '1.b2'),
 ('signing', '1.b3'), ('signing', '1.heading'), ('statement', '1.historic'), ('statement', '1.nostalgic'),
 ('meeting', '1.facetoface'), ('signing', '1.today'), ('obligation', '1.today'), ('obligation', '1.mtc'),
 ('obligation', '1.sanctions'), ('statement', '1.breakthrough'), ('statement', '1.powerful'),
 ('statement', '1.todaymeet'), ('obligation', '1.lavrov'),
 # R4: role nouns the lexicon lists (G2) and sentence-initial "He" (G1a) name speakers.
 ('statement', '1.dictator'), ('statement', '1.criticized'), ('statement', '1.noted'),
 ('statement', '1.praised'), ('statement', '1.confirmed'),
 ('replaced_agreement', '1.replaced'), ('replaced_agreement', '1.replaced'),
 ('replaced_agreement', '1.replaced'), ('replaced_agreement', '1.replaced'),
 ('arms_transfer', '1.shin'), ('arms_transfer', '1.shin'), ('statement', '1.musienko'),
 ('statement', '1.kovalenko1'), ('statement', '1.article'), ('statement', '1.isw'), ('statement', '1.kovalenko2'),
 ('statement', '1.ryder'), ('statement', '1.blinken'), ('statement', '1.shapps'), ('statement', '1.musienko2'),
 ('ratification', '2.tuesday'), ('obligation', '2.tuesday'), ('troop_deployment', '2.accuse'),
 ('ratification', '2.lastweek'), ('signing', '2.lastweek'), ('statement', '2.kcna'), ('ratification', '2.decree'),
 ('statement', '2.unification'), ('obligation', '2.stipulations'), ('troop_deployment', '2.12000'),
 ('signing', '2.12000'), ('arms_transfer', '2.containers'),
 ('ratification', '3.lede'), ('obligation', '3.lede'), ('signing', '3.june'), ('ratification', '3.11nov'),
 ('ratification', '3.duma'), ('ratification', '3.duma'), ('ratification', '3.duma'),
 ('obligation', '3.sovereignty'), ('obligation', '3.keyel'), ('obligation', '3.declaration'),
 ('statement', '3.concerns'), ('statement', '3.concerns'), ('troop_deployment', '3.10000'),
 ('entry_into_force', '4.title'), ('entry_into_force', '4.lede'), ('statement', '4.kcna'),
 ('entry_into_force', '4.exchange'), ('exchange_of_instruments', '4.exchange'), ('signing', '4.signed'),
 ('statement', '4.revolutionary'), ('obligation', '4.withoutdelay'), ('obligation', '4.sanctions'),
 ('ratification', '4.treatise'), ('ratification', '4.treatise'), ('troop_deployment', '4.western'),
 ('statement', '4.stressed'),
]

def write(name, header, rows):
    rows = sorted(rows, key=lambda r: r.encode('utf-8'))
    with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(header) + '\n')
        for r in rows:
            f.write(r + '\n')
    print(name, len(rows))

J = lambda *c: '\t'.join(str(x) for x in c)

# cq01
L24 = "Treaty on Comprehensive Strategic Partnership between the Russian Federation and the Democratic People's Republic of Korea"
write('cq01-signing.tsv', ['treaty', 'treatyLabel', 'signedOn', 'placeLabel', 'signatoryLabel', 'signatoryWikidata'], [
    J(T24, L24, '2024-06-19', 'Pyongyang', 'Vladimir Putin', WD('Q7747')),
    J(T24, L24, '2024-06-19', 'Pyongyang', 'Kim Jong Un', WD('Q56226')),
])
# cq02
write('cq02-ratification.tsv', ['treaty', 'partyLabel', 'date', 'byLabel', 'article'], [
    J(T24, 'North Korea', '2024-11-12', 'Kim Jong Un', ART(a2)),
    J(T24, 'Russia', '2024-11', '', ART(a2)),
    J(T24, 'North Korea', '2024-11-11', 'Kim Jong Un', ART(a3)),
    J(T24, 'Russia', '', 'State Duma', ART(a3)),
    J(T24, 'Russia', '', 'Federation Council', ART(a3)),
    J(T24, 'Russia', '', 'Vladimir Putin', ART(a3)),
    J(T24, 'Russia', '', 'State Duma', ART(a4)),
    J(T24, 'North Korea', '', 'Kim Jong Un', ART(a4)),
])
# cq03
write('cq03-entry-into-force.tsv', ['treaty', 'date', 'article'], [
    # 004 gives no date in any sentence that states the entry into force (Revisions, R1).
    J(T24, '2024-12-04', ART(a0)), J(T24, '', ART(a4)),
])
# cq04: (type, trigger or '', sentence); bound parties Russia and North Korea for every one
OBL = [
 ('consultation_on_threat', 'a threat of armed aggression against either country', '0.consult'),
 ('mutual_military_assistance', 'an armed attack on one of the countries', '0.attack'),
 ('no_hostile_third_party_agreements', '', '0.third'),
 ('no_support_for_coercive_measures', 'imposed by a third party', '0.coercive'),
 ('food_energy_security_cooperation', '', '0.coercive'),
 ('mutual_military_assistance', '', '1.notext'),
 ('mutual_military_assistance', '', '1.b2'),
 ('military_technical_cooperation', '', '1.b2'),
 ('mutual_military_assistance', 'aggression against one of the parties to this agreement', '1.today'),
 ('military_technical_cooperation', '', '1.mtc'),
 ('joint_countering_of_sanctions', '', '1.sanctions'),
 ('mutual_military_assistance', 'aggression', '1.lavrov'),
 ('mutual_military_assistance', '', '2.tuesday'),
 ('mutual_military_assistance', 'an attack on either party', '2.stipulations'),
 ('mutual_military_assistance', '', '3.lede'),
 ('mutual_military_assistance', 'their sovereignty is threatened', '3.sovereignty'),
 ('mutual_military_assistance', 'military conflict', '3.keyel'),
 ('mutual_military_assistance', 'a military attack on one of these countries', '3.declaration'),
 ('mutual_military_assistance', 'an attack on either party', '4.withoutdelay'),
 ('joint_countering_of_sanctions', '', '4.sanctions'),
]
assert sum(1 for t, s in FACTS if t == 'obligation') == len(OBL)
for t, trig, s in OBL:
    if trig: assert trig in ev(s), (trig, s)
write('cq04-obligations.tsv', ['treaty', 'obligationType', 'boundPartyLabel', 'trigger', 'evidence'],
      [J(T24, t, p, trig, ev(s)) for t, trig, s in OBL for p in ('Russia', 'North Korea')])
# cq05
NK, RU = 'North Korea', 'Russia'
HUR = 'Main Intelligence Directorate of the Ministry of Defence of Ukraine'
TROOPS = [
 ('Kursk Oblast', 12000, '', 'approx', '', [HUR], '0.kursk'),
 ('', 20000, '', 'approx', '2024-12-05', [''], '0.20000'),
 ('', '', '', '', '', ['United States', 'South Korea', 'Ukraine'], '2.accuse'),
 ('', 12000, '', 'at_most', '', ['United States', 'South Korea', 'Ukraine'], '2.12000'),
 ('', 10000, '', 'approx', '', ['South Korea', 'Ukraine'], '3.10000'),
 ('Ukraine', 10000, '', 'at_least', '', [''], '4.western'),
]
assert sum(1 for t, s in FACTS if t == 'troop_deployment') == len(TROOPS)
write('cq05-troop-estimates.tsv', ['fromLabel', 'toLabel', 'locationLabel', 'count', 'countMax', 'qualifier', 'asOf', 'estimatedByLabel', 'article', 'evidence'],
      [J(NK, RU, loc, c, cm, q, asof, by, art(s), ev(s)) for loc, c, cm, q, asof, bys, s in TROOPS for by in bys])
# cq06
# (recipient, item, count, countMax, qualifier, estimatedBy, sentence); Shin's sentence names no
# recipient, so it stays unbound (Revisions, R2).
ARMS = [
 (RU, 'missiles', 60, '', 'approx', [HUR], '0.missiles'),
 ('', 'projectiles', 5000000, '', 'at_most', ['Shin Won-sik'], '1.shin'),
 ('', 'ballistic missiles', '', '', '', ['Shin Won-sik'], '1.shin'),
 (RU, 'containers', 13000, '', 'at_least', ['National Intelligence Service of South Korea'], '2.containers'),
]
assert sum(1 for t, s in FACTS if t == 'arms_transfer') == len(ARMS)
write('cq06-arms-transfers.tsv', ['supplierLabel', 'recipientLabel', 'item', 'count', 'countMax', 'qualifier', 'estimatedByLabel', 'article', 'evidence'],
      [J(NK, rc, it, c, cm, q, by, art(s), ev(s)) for rc, it, c, cm, q, bys, s in ARMS for by in bys])
# cq07
write('cq07-replaced-treaties.tsv', ['treaty', 'replacedLabel', 'replacedYear'], [
    J(T24, 'Treaty of Friendship, Co-operation and Mutual Assistance between the USSR and the DPRK', '1961'),
    J(T24, 'Treaty of Friendship, Good-Neighbourliness and Cooperation between Russia and the DPRK', '2000'),
    J(T24, 'Pyongyang Declaration of Russia and the DPRK', '2000'),
    J(T24, 'Moscow Declaration of Russia and the DPRK', '2001'),
])
# cq08 (Revisions R1: no 004 entry into force row; R3: 001's meeting is undated, so no row)
K = 'treaty-on-comprehensive-strategic-partnership'
TL = [
 ('2023-08', 'arms_transfer', 'arms_transfer.north-korea.russia', a2),
 ('2024-06', 'signing', f'signing.{K}', a0), ('2024-06', 'signing', f'signing.{K}', a2),
 ('2024-06', 'signing', f'signing.{K}', a3), ('2024-06', 'signing', f'signing.{K}', a4),
 ('2024-06', 'statement', 'statement.vladimir-putin.2024-06', a4),
 ('2024-06-19', 'signing', f'signing.{K}', a1),
 ('2024-10', 'statement', 'statement.main-intelligence-directorate.2024-10', a0),
 ('2024-10-23', 'statement', 'statement.kyrylo-budanov.2024-10-23', a0),
 ('2024-11', 'ratification', f'ratification.{K}.russia', a2),
 ('2024-11-11', 'ratification', f'ratification.{K}.north-korea', a3),
 ('2024-11-12', 'ratification', f'ratification.{K}.north-korea', a2),
 ('2024-11-29', 'meeting', 'meeting.andrey-belousov.kim-jong-un.2024-11-29', a0),
 ('2024-12-04', 'entry_into_force', f'entry_into_force.{K}', a0),
 ('2024-12-04', 'statement', 'statement.korean-central-news-agency.2024-12-04', a4),
 ('2024-12-04', 'statement', 'statement.mark-rutte.2024-12-04', a0),
 ('2024-12-05', 'statement', 'statement.strategic-communications-center.2024-12-05', a0),
 ('2024-12-05', 'troop_deployment', 'troop_deployment.north-korea.russia', a0),
]
write('cq08-timeline.tsv', ['date', 'eventType', 'eventLabel', 'article'], [J(d, t, l, ART(a)) for d, t, l, a in TL])
# cq09: every fact + every treaty mention
rows = []
for t, s in FACTS:
    a, text, occ = S[s]; b, e = span(a, text, occ)
    pub, published = PUB[a]
    rows.append(J(f'<https://w3id.org/treatykg/data/claim/{a}.{t}.*>', ART(a), pub, published, text, b, e))
nm = 0
for a in sorted(A):
    body = BODY[a]
    for mb, me, words, key in mentions(body):
        # the sentence containing the mention: one of the evidence sentences above
        cands = [(n, span(*S[n])) for n in S if S[n][0] == a and span(*S[n])[0] <= mb and me <= span(*S[n])[1]]
        assert len(cands) == 1, (a, words, mb, cands)
        n, (b, e) = cands[0]
        pub, published = PUB[a]
        rows.append(J(f'<https://w3id.org/treatykg/data/claim/{a}.treaty_mention.*>', ART(a), pub, published, S[n][1], b, e))
        nm += 1
print('facts', len(FACTS), 'mentions', nm)
write('cq09-provenance.tsv', ['fact', 'article', 'publisher', 'published', 'evidence', 'begin', 'end'], rows)
# cq10 (computed from the cq05 claims that give a number)
counted = [(c, cm, S[s][0]) for loc, c, cm, q, asof, bys, s in TROOPS if c != '']
mn = min(c for c, cm, a in counted); mx = max(max(c, cm or 0) for c, cm, a in counted)
write('cq10-estimate-spread.tsv', ['fromLabel', 'toLabel', 'minCount', 'maxCount', 'sources'],
      [J(NK, RU, mn, mx, len({a for _, _, a in counted}))])
