"""The demo's articles in Romanian, translated from the second English revision
of the remittances article and the first of the others."""

TEXTS: dict[str, tuple[str, str, str]] = {
    "work_rights": (
        "Drepturile tale la locul de muncă",
        "Dacă lucrezi legal în Moldova, Codul muncii te protejează la fel ca pe lucrătorii "
        "moldoveni: contract scris, cel puțin salariul minim, program limitat, concediu "
        "plătit și muncă în siguranță.",
        """Străinii care lucrează legal în Moldova au aceleași drepturi la locul de muncă ca
lucrătorii moldoveni. Codul muncii (Legea nr. 154/2003) se aplică indiferent de cetățenia ta.

Înainte să începi lucrul, angajatorul semnează cu tine un contract individual de muncă în scris și
îți dă un exemplar. Contractul arată ce muncă faci, unde, pentru ce salariu, programul de lucru și
concediul. Nu semna un contract pe care nu-l înțelegi: roagă centrul de integrare să ți-l explice.

Trebuie să primești cel puțin salariul minim pe țară, la timp și integral. Durata normală a
timpului de muncă este de 40 de ore pe săptămână. Munca suplimentară este o excepție și se plătește
în mărime sporită sau se compensează cu timp liber. Ai dreptul la concediu anual plătit, la
concediu medical și la condiții de muncă sigure și sănătoase, cu echipamentul de protecție de care
ai nevoie. Poți adera la un sindicat.

Angajatorul nu are voie să-ți păstreze pașaportul, permisul de ședere sau alt act de identitate.
Reținerea actelor unui lucrător este unul dintre semnele muncii forțate.

Ca să lucreze în Moldova, majoritatea străinilor au nevoie de un drept de ședere în scop de muncă.
Refugiații, beneficiarii de protecție umanitară și persoanele cu protecție temporară pot lucra fără
acesta.

Dacă drepturile tale nu sunt respectate, păstrează contractul, dovezile de plată și mesajele și
citește „Cum să depui o plângere”.""",
    ),
    "residence": (
        "Permise de ședere și acte",
        "Dreptul tău de a sta în Moldova depinde de un drept de ședere acordat într-un "
        "scop, de azil sau de protecția temporară. Ține-ți actele valabile și la tine.",
        """Șederea străinilor în Moldova este reglementată de Legea nr. 200/2010 privind regimul
străinilor. Inspectoratul General pentru Migrație, din subordinea Ministerului Afacerilor Interne,
acordă dreptul de ședere și eliberează permisele de ședere.

Dreptul de ședere provizorie se acordă într-un scop, de exemplu muncă, studii, reîntregirea
familiei sau motive umanitare, și pentru o perioadă limitată. Cere prelungirea înainte ca permisul
să expire: șederea fără un drept valabil poate duce la amendă sau la obligația de a părăsi țara.
După mai mulți ani de ședere legală poți cere dreptul de ședere permanentă.

Persoanele care au fugit din Ucraina pot primi protecție temporară în Moldova. Ea dă dreptul de
ședere, de muncă, la asistență medicală și la educație. Solicitanții de azil, refugiații și
beneficiarii de protecție umanitară își primesc actele de la Inspectoratul General pentru Migrație.

Poartă la tine permisul de ședere sau actul de protecție. Doar autoritățile îți pot lua actele:
niciodată un angajator, un recrutor sau un proprietar.

Anunță autoritatea de migrație când se schimbă adresa, situația familială sau pașaportul. Dacă
pierzi un act sau îți este furat, anunță poliția și cere unul nou la Inspectoratul General pentru
Migrație.""",
    ),
    "family_reunification": (
        "Cum îți aduci familia în Moldova",
        "Cu un drept de ședere în Moldova poți cere ca familia apropiată să vină la tine. "
        "Pregătește actele din timp: multe trebuie traduse și legalizate.",
        """Străinii care au drept de ședere în Moldova pot cere pentru membrii familiei un drept de
ședere în scop de reîntregire a familiei, conform Legii nr. 200/2010 privind regimul străinilor.

Membrii familiei sunt, de regulă, soțul sau soția și copiii sub 18 ani, inclusiv cei adoptați, iar
în unele cazuri părinții aflați în întreținerea ta.

Condițiile includ de obicei un drept de ședere valabil, o locuință potrivită pentru familie,
venituri stabile suficiente pentru întreținerea ei și asigurare medicală. Autoritatea de migrație
poate verifica dacă o căsătorie este reală.

Actele eliberate în străinătate, cum sunt certificatele de căsătorie și de naștere, trebuie traduse
în limba română și legalizate sau apostilate, dacă provin dintr-o țară parte la Convenția de la
Haga privind apostila.

Refugiații și beneficiarii de protecție umanitară au și ei dreptul la reîntregirea familiei, în
condiții adaptate situației lor.

Cererea se depune la Inspectoratul General pentru Migrație. Centrul de integrare te poate ajuta să
pregătești dosarul.""",
    ),
    "naturalisation": (
        "Cum devii cetățean al Republicii Moldova",
        "După mulți ani de ședere legală poți cere cetățenia moldovenească. Trebuie să "
        "cunoști limba română și prevederile de bază ale Constituției.",
        """Dobândirea cetățeniei prin naturalizare este reglementată de Legea cetățeniei Republicii
Moldova (nr. 1024/2000).

Condițiile principale sunt: domicilierea legală și obișnuită în Moldova timp de un număr de ani
(zece, ca regulă generală, mai puțini pentru unele persoane, de exemplu soții cetățenilor
moldoveni); cunoașterea limbii de stat, româna, suficientă pentru integrarea în societate;
cunoașterea prevederilor de bază ale Constituției; și mijloace legale de existență. Unele
condamnări penale și activitățile îndreptate împotriva statului exclud naturalizarea.

Moldova permite cetățenia multiplă, dar în unele cazuri legea le cere solicitanților să renunțe la
altă cetățenie. Verifică ce se aplică în cazul tău și ce prevede legea țării tale înainte să depui
cererea.

Cererile se depun la Agenția Servicii Publice. Cetățenia se acordă prin decret al Președintelui
Republicii Moldova.

Cursurile de limbă română te ajută să te pregătești: vezi „Școala, cursurile de limbă și
diplomele”.""",
    ),
    "health": (
        "Asistența medicală",
        "Asistența medicală urgentă se acordă tuturor. Pentru restul îngrijirilor ai nevoie "
        "de asigurare medicală; înscrie-te la un medic de familie lângă casă.",
        """În caz de urgență sună la 112. Asistența medicală urgentă se acordă tuturor în Moldova,
asigurați sau nu.

Celelalte îngrijiri sunt acoperite de asigurarea obligatorie de asistență medicală, administrată de
Compania Națională de Asigurări în Medicină (CNAM). Angajații sunt asigurați prin contribuțiile
plătite din salariu: verifică dacă angajatorul le plătește. Persoanele cu drept de ședere care nu
lucrează își pot cumpăra, de regulă, singure o poliță de asigurare.

Refugiații, beneficiarii de protecție umanitară și persoanele cu protecție temporară au acces la
asistență medicală după regulile care se aplică statutului lor. Întreabă la centrul de integrare ce
reguli se aplică în cazul tău și ce este gratuit.

Înscrie-te la un medic de familie la centrul de sănătate de lângă casă. Medicul de familie este
primul tău contact: te tratează, îți prescrie medicamente și te trimite la specialiști când e
nevoie. Copiii sunt vaccinați conform calendarului național de vaccinări.

Ce îi spui medicului este confidențial. Ai dreptul la ajutorul unui interpret ca să-ți înțelegi
tratamentul; cere-l din timp.""",
    ),
    "education": (
        "Școala, cursurile de limbă și diplomele",
        "Copiii merg la școală indiferent de statutul lor. Adulții pot învăța limba română "
        "și își pot recunoaște diplomele.",
        """Fiecare copil din Moldova are dreptul la educație, indiferent de statutul lui sau al
părinților. Școala este obligatorie, iar copiii străinilor, ai solicitanților de azil și ai
refugiaților merg la școlile de stat în aceleași condiții ca și copiii moldoveni. Pentru înscriere,
adresează-te direcției de învățământ locale sau școlii de lângă casă.

Majoritatea școlilor predau în limba română; unele predau în rusă sau în alte limbi. Copiii care
învață limba română pot primi sprijin suplimentar.

Adulții pot învăța limba română la cursuri organizate de centrele de integrare și de furnizorii de
cursuri de limbă. Pentru beneficiarii de protecție internațională, cursurile fac parte din
programul de integrare și sunt gratuite. Cunoașterea limbii române ajută la muncă și este necesară
pentru cetățenie.

Diplomele și calificările obținute în străinătate pot fi recunoscute. Ministerul Educației și
Cercetării decide asupra recunoașterii și echivalării: adu actele originale, traducerile legalizate
și, dacă le ai, foile matricole.

Adulții care vor să învețe o meserie nouă pot întreba Agenția Națională pentru Ocuparea Forței de
Muncă despre formarea profesională.""",
    ),
    "housing": (
        "Cum închiriezi o locuință",
        "Cere un contract de închiriere scris și o chitanță pentru fiecare plată. Refuzul "
        "de a-ți închiria din cauza originii tale este discriminare.",
        """Înainte să închiriezi, cere un contract scris. El trebuie să arate chiria, garanția, ce
include chiria (apă, încălzire, energie electrică, gaz), pe ce perioadă se încheie contractul și
cum îl poate rezilia fiecare parte. Citește-l înainte să semnezi și păstrează un exemplar.

Plătește prin transfer bancar sau cere o chitanță semnată pentru fiecare plată în numerar, inclusiv
pentru garanție.

Proprietarul nu are voie să-ți păstreze pașaportul sau permisul de ședere. Adresa îți trebuie
pentru actele de ședere: anunță autoritatea de migrație când te muți.

Refuzul de a-ți închiria din cauza cetățeniei, originii etnice, limbii, religiei sau culorii pielii
este discriminare, interzisă de Legea nr. 121/2012 cu privire la asigurarea egalității. Poți depune
o plângere la Consiliul pentru Egalitate.

Solicitanților de azil li se poate oferi un loc în centrul de cazare pentru solicitanții de azil.
Dacă riști să rămâi fără locuință, adresează-te centrului de integrare sau serviciului de asistență
socială al primăriei.""",
    ),
    "complaints": (
        "Cum să depui o plângere",
        "Unde te adresezi când drepturile tale nu sunt respectate: la muncă, când ești "
        "discriminat, cu o autoritate publică sau când ești în pericol.",
        """Probleme la locul de muncă, de exemplu salariu neplătit, lipsa contractului scris, muncă
nesigură sau prea multe ore: depune o plângere la Inspectoratul de Stat al Muncii. El poate
controla locul de muncă și îl poate obliga pe angajator să respecte legea.

Discriminare la muncă, la locuință, la servicii sau în educație: depune o plângere la Consiliul
pentru Egalitate (Consiliul pentru prevenirea și eliminarea discriminării și asigurarea
egalității).

O autoritate publică nu îți respectă drepturile: scrie Avocatului Poporului (Ombudsmanul).

Consultanță juridică gratuită: sistemul de asistență juridică garantată de stat și organizații
precum Centrul de Drept al Avocaților, care îi ajută pe refugiați și pe solicitanții de azil.

Violență, amenințări, muncă forțată sau trafic de ființe umane: sună la poliție, la 112.

Păstrează dovezile: contractul, dovezile de plată, mesajele, fotografiile și numele celor care au
văzut ce s-a întâmplat. Există termene, așa că nu aștepta prea mult.

Poți depune plângerea și prin centrul de integrare și poți cere ca numele tău să nu fie comunicat
angajatorului. Plângerile tratate prin Integra sunt ținute separat de deciziile privind șederea:
cei care decid asupra șederii nu le văd.""",
    ),
    "recruitment_fees": (
        "Nu plătești niciodată ca să obții un loc de muncă",
        "Nimeni nu are voie să-ți ceară bani pentru că îți găsește sau îți dă un loc de "
        "muncă, în Moldova sau în străinătate. Dacă cineva îți cere să plătești, nu plăti.",
        """Lucrătorii nu plătesc niciodată ca să fie recrutați. Standardele internaționale ale
muncii sunt clare:

Convenția OIM privind agențiile private de ocupare a forței de muncă, 1997 (nr. 181), articolul 7,
prevede că agențiile private de ocupare nu percep de la lucrători, direct sau indirect, integral
sau parțial, niciun onorariu sau cost.

Principiile generale și ghidurile operaționale ale OIM pentru recrutarea echitabilă, împreună cu
definiția OIM a comisioanelor de recrutare și a costurilor conexe, spun că niciun comision de
recrutare și niciun cost conex nu trebuie perceput de la lucrători sau de la persoanele în căutarea
unui loc de muncă și nici suportat de aceștia. Aceasta include nu doar comisioanele de plasare, ci
și costurile conexe, cum sunt călătoria, vizele, examenele medicale, actele și instruirea cerută de
angajator.

Semne de alarmă: o taxă „ca să-ți rezervi” locul de muncă; bani reținuți din primele salarii ca
să-i dai înapoi agenției; un împrumut de la recrutor; un contract într-o limbă pe care nu o
înțelegi; o agenție care vrea să-ți păstreze pașaportul.

Înainte să ai de-a face cu o agenție, întreabă Agenția Națională pentru Ocuparea Forței de Muncă
dacă are dreptul să plaseze lucrători și cere numele angajatorului și o ofertă de muncă în scris.

Dacă ți s-a cerut să plătești sau ai plătit deja: nu mai plăti, păstrează fiecare chitanță și mesaj
și spune centrului de integrare sau depune o plângere la Inspectoratul de Stat al Muncii. Dacă ești
ținut împotriva voinței tale sau ți s-au luat actele, sună la poliție, la 112.""",
    ),
    "remittances": (
        "Cum trimiți bani acasă: compară costul total",
        "Prețul real al unui transfer este comisionul plus marja la cursul de schimb. "
        "Compară cât primește familia ta, nu doar comisionul.",
        """Trimiterea banilor te costă în două feluri: comisionul pe care îl ia furnizorul și marja
la cursul de schimb, adică diferența dintre cursul care ți se oferă și cursul pieței. Un furnizor
care anunță „fără comision” poate lua o marjă mai mare.

Compară costul total. Pentru aceeași sumă, de exemplu echivalentul a 200 de dolari americani,
întreabă fiecare furnizor cât va primi destinatarul în moneda lui. Cel la care ajung cei mai mulți
bani este cel mai ieftin.

Baza de date Remittance Prices Worldwide a Băncii Mondiale (remittanceprices.worldbank.org) compară
costul transferurilor de bani între multe țări și furnizori.

Obiectivele de Dezvoltare Durabilă ale Organizației Națiunilor Unite urmăresc ca, până în 2030,
costul trimiterii banilor acasă să scadă sub 3 % din suma trimisă și să dispară coridoarele în care
costă mai mult de 5 % (ținta 10.c). Dacă plătești mult mai mult, caută o cale mai ieftină.

Folosește o bancă sau un furnizor licențiat de servicii de plată sau de transfer de bani: în
Moldova aceștia sunt supravegheați de Banca Națională a Moldovei. Banii dați unor curieri informali
nu sunt protejați.

Compară și cât de repede ajung banii, cum îi ridică destinatarul (cont bancar, numerar sau portofel
mobil) și eventualele comisioane la primire.

Păstrează chitanța și numărul de referință al transferului: destinatarul poate avea nevoie de el ca
să ridice banii, iar ție îți trebuie dacă ceva nu merge bine.""",
    ),
    "social_security": (
        "Securitatea socială când treci dintr-o țară în alta",
        "Perioadele de asigurare din Moldova și din altă țară se pot aduna pentru pensie "
        "atunci când cele două țări au un acord de securitate socială.",
        """Contribuțiile de asigurări sociale plătite în Moldova contează pentru o pensie
moldovenească și pentru alte prestații. Asigurările sociale sunt administrate de Casa Națională de
Asigurări Sociale (CNAS).

Moldova are acorduri bilaterale de securitate socială cu mai multe țări, multe dintre ele din
Uniunea Europeană. Potrivit unui asemenea acord, perioadele în care ai fost asigurat în fiecare
țară se adună (totalizare) pentru a stabili dacă ai dreptul la o prestație, de exemplu la pensia
pentru limită de vârstă; apoi fiecare țară plătește o parte, pentru perioadele realizate acolo.

Acordurile îți permit și să primești pensia când locuiești în cealaltă țară (exportul
prestațiilor), îți asigură același tratament ca cetățenilor țării respective și te scutesc de plata
contribuțiilor în două țări deodată când angajatorul te detașează pentru scurt timp în străinătate.

Fără un acord, perioadele de muncă dintr-o altă țară pot să nu conteze în Moldova, și invers.
Standardele internaționale ale muncii, precum Convenția OIM privind menținerea drepturilor în
materie de securitate socială, 1982 (nr. 157), stabilesc aceleași principii.

Păstrează dovada fiecărei perioade de muncă și de asigurare: contracte, fluturași de salariu și
extrase de asigurare. Întreabă CNAS sau instituția de asigurări sociale din cealaltă țară ce acord
se aplică în cazul tău înainte să pleci.""",
    ),
}
