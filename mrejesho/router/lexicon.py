"""The words and phrases the router weighs, and what each points to.

Each line: `phrase = TARGET weight, TARGET weight`. A target is an institution code, or a
service that the place in the message resolves to the institution covering it:
  @WATER    the urban water authority of the place (RUWASA for villages)
  @COUNCIL  the council of the place
  @RS       the regional secretariat of the place (regional referral hospitals, the RC)
Weights: 1 a hint, 2 a topic word, 3 a strong topic word, 4 a specific phrase, 5 the
institution's own name, 6 corruption (PCCB comes first whoever is named). A phrase of several
words beats the words inside it (the longest match wins), so "kibali cha ujenzi" is the
council's and never the Ministry of Works' "ujenzi". A phrase ending in `*` matches any
word that starts with it; one starting with `*` is a verb stem, matching any word that ends
with it (after at least one letter of subject, tense or object prefix). Words that are
everyday words or greetings (habari, moshi, taa, rita, osha, kati...) are not here: they
never decide.
"""
from __future__ import annotations

TEXT = """
# energy
umeme = TANESCO 3
umeme wa rea = REA 5
umeme vijijini = REA 5
mradi wa umeme vijijini = REA 5
umeme wa jua = REA 2
solar = REA 1.5
luku = TANESCO 4
token = TANESCO 2
units = TANESCO 1.5
unit = TANESCO 1
mita ya umeme = TANESCO 4
meter = TANESCO 1
nguzo = TANESCO 2
nguzo za umeme = TANESCO 4
transfoma = TANESCO 3
transformer = TANESCO 3
nyaya za umeme = TANESCO 4
waya wa umeme = TANESCO 4
power = TANESCO 2
power cut = TANESCO 4
power outage = TANESCO 4
outage = TANESCO 2
electricity = TANESCO 3
blackout = TANESCO 3
kuunganishiwa umeme = TANESCO 4
bei ya umeme = TANESCO 3, EWURA 2
mafuta = EWURA 2
mafuta ya taa = EWURA 4
mafuta ya kupikia = TBS 4, TMDA 1
petroli = EWURA 3
petrol = EWURA 3
dizeli = EWURA 3
diesel = EWURA 3
fuel = EWURA 3
kituo cha mafuta = EWURA 4
vituo vya mafuta = EWURA 4
fuel stations = EWURA 4
mtungi wa gesi = EWURA 4
gesi ya kupikia = EWURA 4
lpg = EWURA 4
gesi = EWURA 1.5, TPDC 1

# water
mita ya maji = @WATER 4
maji = @WATER 2
water = @WATER 2
maji taka = @WATER 3
maji machafu = @WATER 2
bomba = @WATER 2
bombani = @WATER 2
mabomba = @WATER 2
bomba la maji = @WATER 3
bomba limepasuka = @WATER 4
hatuna maji = @WATER 3
maji hayatoki = @WATER 3
maji safi = @WATER 2.5
chemba = @WATER 2
bili ya maji = @WATER 3
water bill = @WATER 3
water supply = @WATER 3
sewage = @WATER 3
kuunganishiwa maji = @WATER 3
kisima = RUWASA 3
visima = RUWASA 3
pampu ya mkono = RUWASA 4
kiosk = RUWASA 2
water kiosk = RUWASA 4
maji vijijini = RUWASA 5
mradi wa maji = @WATER 2, MOW 0.5
wizara ya maji = MOW 5

# roads
barabara = TARURA 1.5, TANROADS 1
road = TARURA 1, TANROADS 1
barabara kuu = TANROADS 4
barabara ya lami = TANROADS 2
tarmac road = TANROADS 3
highway = TANROADS 4
trunk road = TANROADS 4
ujenzi wa barabara = TANROADS 3, UJENZI 1
mkandarasi wa barabara = TANROADS 3
barabara ya morogoro = TANROADS 4
morogoro road = TANROADS 4
barabara ya bagamoyo = TANROADS 4
bagamoyo road = TANROADS 4
barabara ya kilwa = TANROADS 4
kilwa road = TANROADS 4
barabara ya nyerere = TANROADS 4
nyerere road = TANROADS 4
ali hassan mwinyi = TANROADS 4
sam nujoma = TANROADS 4
mandela road = TANROADS 4
old moshi road = TANROADS 3, TARURA 1
hifadhi ya barabara = TANROADS 4
bomoabomoa = TANROADS 2
daraja = TANROADS 2
bridge = TANROADS 2
daraja la miti = TARURA 4
daraja la mbao = TARURA 4
interchange = TANROADS 3
taa za kuongozea magari = TANROADS 4
traffic lights = TANROADS 3
footbridge = TANROADS 3
pedestrian crossing = TANROADS 2
matuta = TANROADS 2
streetlights = TARURA 2, @COUNCIL 1
taa za barabarani = TARURA 2, @COUNCIL 2
speed bump = TARURA 3
mtaro = TARURA 2.5
mitaro = TARURA 2.5
shimo = TARURA 2
mashimo = TARURA 1.5, TANROADS 1
pothole = TARURA 1.5, TANROADS 1
potholes = TARURA 1.5, TANROADS 1
changarawe = TARURA 3
barabara za mitaa = TARURA 4
barabara ya mtaa = TARURA 4
drainage = TARURA 2
kivuko = UJENZI 3
ferry = UJENZI 3
wizara ya ujenzi = UJENZI 5
ujenzi = UJENZI 0.5

# transport
nauli = LATRA 3
fare = LATRA 2
daladala = LATRA 3
bajaji = LATRA 2.5
bodaboda = LATRA 2
konda = LATRA 3
hiace = LATRA 2
basi = LATRA 2
mabasi = LATRA 2
bus = LATRA 2
ruti = LATRA 3
route = LATRA 2
usafiri wa umma = LATRA 4
wapiga debe = LATRA 2
overcharge = LATRA 2
safari za usiku = LATRA 3
dereva = LATRA 1.5, POLISI 1
leseni ya usafirishaji = LATRA 4
stika = LATRA 2
ajali = POLISI 1
leseni ya udereva = TRA 4, POLISI 1
driving licence = TRA 4, POLISI 1
driving license = TRA 4, POLISI 1
kadi ya gari = TRA 3
usajili wa gari = TRA 3
tiketi ya ndege = ATCL 4
bandarini = TPA 2
mwendokasi = DART 5
mwendo kasi = DART 5
brt = DART 5
udart = DART 5
treni = TRC 4
reli = TRC 3
reli ya kati = TRC 5
sgr = TRC 5
railway = TRC 4
train = TRC 4
ndege yangu = ATCL 3
air tanzania = ATCL 5
flight = ATCL 3
uwanja wa ndege = TAA 3
airport = TAA 3
drone = TCAA 4
bandari = TPA 2
port = TPA 2
trafiki = POLISI 4
traffic = POLISI 2
askari wa usalama barabarani = POLISI 4
helmet = POLISI 2
checkpoint = POLISI 2

# councils
kibali cha ujenzi = @COUNCIL 5
kibali cha kujenga = @COUNCIL 5
building permit = @COUNCIL 5
kibali naomba wapi = @COUNCIL 2
kujenga nyumba = @COUNCIL 2
ujenzi wa ghorofa = @COUNCIL 3
soko = @COUNCIL 2.5
soko kuu = @COUNCIL 3
soko la samaki = @COUNCIL 4
sokoni = @COUNCIL 1
market = @COUNCIL 2.5
taka = @COUNCIL 3
takataka = @COUNCIL 3
gari la taka = @COUNCIL 4
kuzoa taka = @COUNCIL 4
mapipa ya taka = @COUNCIL 4
uchafu = @COUNCIL 2
dampo = @COUNCIL 3
garbage = @COUNCIL 3
bins = @COUNCIL 2
ushuru = @COUNCIL 2, TRA 1
ushuru wa mazao = @COUNCIL 3
service levy = @COUNCIL 3
leseni ya biashara = @COUNCIL 3
business license = @COUNCIL 3
leseni ya pombe = @COUNCIL 4
halmashauri = @COUNCIL 3
manispaa = @COUNCIL 3
baraza la manispaa = @COUNCIL 4
jiji = @COUNCIL 1.5
mgambo = @COUNCIL 3
wamachinga = @COUNCIL 2.5
mama lishe = @COUNCIL 2.5
diwani = @COUNCIL 3
madiwani = @COUNCIL 3
mkurugenzi = @COUNCIL 1.5
afisa biashara = @COUNCIL 3
mtendaji wa kata = @COUNCIL 3
ofisi ya kata = @COUNCIL 3
serikali ya mtaa = @COUNCIL 3
serikali za mitaa = TAMISEMI 2, @COUNCIL 1
mwenyekiti wa mtaa = @COUNCIL 2.5
mwenyekiti wa kijiji = @COUNCIL 2.5
wenyeviti wa vijiji = @COUNCIL 2.5
mkutano wa kijiji = @COUNCIL 3
mapato ya kijiji = @COUNCIL 3
barua ya utambulisho = @COUNCIL 2
mikopo ya asilimia 10 = @COUNCIL 4
mikopo ya halmashauri = @COUNCIL 4
mkopo wa halmashauri = @COUNCIL 4
mfuko wa jimbo = @COUNCIL 3
ustawi wa jamii = @COUNCIL 3
social welfare = @COUNCIL 3
watoto wa mitaani = @COUNCIL 2
street children = @COUNCIL 2
tasaf = @COUNCIL 2
tender = @COUNCIL 2.5
zabuni = @COUNCIL 2.5
mipango miji = @COUNCIL 3, MLHHSD 2
mbu = @COUNCIL 2
mafuriko = @COUNCIL 1, TARURA 1
michango shuleni = @COUNCIL 3
vyoo = @COUNCIL 1
choo = @COUNCIL 1
stendi = @COUNCIL 2
stendi ya mabasi = @COUNCIL 3
bus stand = @COUNCIL 3
kuegesha = @COUNCIL 2
malisho = @COUNCIL 1.5, MLF 1
shule = @COUNCIL 1.5
shuleni = @COUNCIL 1
school = @COUNCIL 1.5
shule ya msingi = @COUNCIL 3
shule ya sekondari = @COUNCIL 3
sekondari = @COUNCIL 2.5
mwalimu = @COUNCIL 2
walimu = @COUNCIL 2
mwalimu mkuu = @COUNCIL 3
mkuu wa shule = @COUNCIL 3
madawati = @COUNCIL 2
basi la shule = @COUNCIL 4

# health
hospitali ya wilaya = @COUNCIL 3
hospital ya wilaya = @COUNCIL 3
district hospital = @COUNCIL 3
kituo cha afya = @COUNCIL 3
vituo vya afya = @COUNCIL 3
zahanati = @COUNCIL 3
dispensary = @COUNCIL 3
health centre = @COUNCIL 3
kliniki = @COUNCIL 2
clinic = @COUNCIL 2
chanjo = @COUNCIL 1
hospitali ya rufaa ya mkoa = @RS 5, MOH 1
hospitali ya rufaa = @RS 3, MOH 1
regional referral hospital = @RS 5, MOH 1
mount meru = RSARUSHA 4, MOH 1
mawenzi = RSKILIMA 4, MOH 1
sekou toure = RSMWANZA 4, MOH 1
hospitali ya amana = RSDSM 4, MOH 1
amana hospital = RSDSM 4, MOH 1
mwananyamala hospital = RSDSM 3, MOH 1
hospitali ya mwananyamala = RSDSM 3, MOH 1
kcmc = MOH 4
bugando = MOH 2
benjamin mkapa = MOH 4
hospitali ya kanda = MOH 3
muhimbili = MNH 5
mloganzila = MNH 5
wizara ya afya = MOH 5
mpox = MOH 2
kipindupindu = MOH 2
nhif = NHIF 5
bima ya afya = NHIF 5
health insurance = NHIF 5
kadi ya bima = NHIF 4
bima = NHIF 2
msd = MSD 5
bohari ya dawa = MSD 5
uhaba wa dawa = MSD 4
hakuna dawa = MSD 2
havina dawa = MSD 3
haina dawa = MSD 3
dawa za kutosha = MSD 2
test kits = MSD 2
dawa bandia = TMDA 5
fake drugs = TMDA 5
vifaa tiba = TMDA 3
expired = TMDA 2
vilivyokwisha muda = TMDA 2

# identity
kitambulisho = NIDA 4
vitambulisho = NIDA 4
kitambulisho cha taifa = NIDA 5
namba ya nida = NIDA 5
national id = NIDA 5
id card = NIDA 4
cheti cha kuzaliwa = RITA 5
vyeti vya kuzaliwa = RITA 5
birth certificate = RITA 5
cheti cha kifo = RITA 5
cheti cha ndoa = RITA 5
namba ya utambulisho = NIDA 4
death certificate = RITA 5
ndoa = RITA 3
marriage = RITA 3
wosia = RITA 3
kubadili jina = RITA 2
pasipoti = UHAMIAJI 5
passport = UHAMIAJI 5
hati ya kusafiria = UHAMIAJI 5
visa = UHAMIAJI 5
kibali cha ukaazi = UHAMIAJI 5
residence permit = UHAMIAJI 5
uhamiaji = UHAMIAJI 5
immigration = UHAMIAJI 5

# finance
kodi = TRA 2
kodi ya majengo = TRA 3
tin = TRA 3
efd = TRA 4
paye = TRA 4
tax = TRA 3
customs = TRA 3
forodha = TRA 4
risiti = TRA 0.5
kodi ya ardhi = MLHHSD 4
control number = EGA 3
gepg = EGA 4
wizara ya fedha = MOF 5

# labour
pensheni = PSSSF 3
mafao = NSSF 2, PSSSF 1
mafao ya kustaafu = PSSSF 4
mwajiri = PMOLYEPD 2
mshahara = PMOLYEPD 2
hajanilipa mshahara = PMOLYEPD 3
overtime = PMOLYEPD 2
kufukuzwa kazi = PMOLYEPD 3
kuachishwa kazi = PMOLYEPD 3
child labour = PMOLYEPD 4
kutumia watoto = PMOLYEPD 3
inatumia watoto = PMOLYEPD 3
wafanyakazi = PMOLYEPD 1
usalama kazini = OSHA 5
vifaa vya kujikinga = OSHA 4
workplace safety = OSHA 5
nafasi za kazi = POPSMGG 3
ajira serikalini = POPSMGG 3
ajira = PMOLYEPD 1

# justice and safety
polisi = POLISI 3
police = POLISI 3
kituo cha polisi = POLISI 4
jeshi la polisi = POLISI 5
wizi = POLISI 2.5
wezi = POLISI 2.5
vibaka = POLISI 3
doria = POLISI 3
amebakwa = POLISI 4
ubakaji = POLISI 4
dawa za kulevya = POLISI 4
selling drugs = POLISI 3
uhalifu = POLISI 3
crime = POLISI 3
theft = POLISI 3
broken into = POLISI 2
iliyoibiwa = POLISI 2
loss report = POLISI 3
zimamoto = ZIMAMOTO 5
moto = ZIMAMOTO 2
fire = ZIMAMOTO 3
imeungua = ZIMAMOTO 2
zimeungua = ZIMAMOTO 2
moshi mzito = ZIMAMOTO 2
moshi mwingi = ZIMAMOTO 2
rushwa = PCCB 6
hongo = PCCB 6
takukuru = PCCB 6
pccb = PCCB 6
corruption = PCCB 6
bribe = PCCB 6
fedha zimeliwa = PCCB 3
chai = PCCB 1
anadai hela = PCCB 3
mahakama = MAHAKAMA 5
mahakamani = MAHAKAMA 4
court = MAHAKAMA 4
hakimu = MAHAKAMA 4
kesi = MAHAKAMA 2
hukumu = MAHAKAMA 3
talaka = MAHAKAMA 2, MOCLA 1
mirathi = MAHAKAMA 2, MOCLA 1
msaada wa kisheria = MOCLA 5
ushauri wa kisheria = MOCLA 4
legal aid = MOCLA 5

# communications
mtandao wa simu = TCRA 5
kampuni ya simu = TCRA 4
kampuni za simu = TCRA 4
vodacom = TCRA 3
airtel = TCRA 3
tigo = TCRA 3
halotel = TCRA 3
zantel = TCRA 3
network = TCRA 3
mtandao = TCRA 2
vifurushi = TCRA 4
vifurushi vya intaneti = TCRA 5
bundle = TCRA 4
laini = TCRA 2
sim card = TCRA 4
alama za vidole = TCRA 2
utapeli = TCRA 4, POLISI 2
matapeli = TCRA 4, POLISI 2
nimetapeliwa = TCRA 4, POLISI 2
scam = TCRA 4, POLISI 2
akidai = TCRA 10, POLISI 4
wakijifanya = TCRA 10, POLISI 4
anajifanya = TCRA 10, POLISI 4
intaneti = TCRA 2, TTCL 1
internet = TCRA 2, TTCL 1
wizara ya habari = MICIT 5
posta = TPC 2.5
kifurushi = TPC 3
sanduku la posta = TPC 5
parcel = TPC 3
tovuti = EGA 1

# business
jina la biashara = BRELA 5
business name = BRELA 5
usajili wa biashara = BRELA 5
annual returns = BRELA 3
leseni za biashara za kimataifa = BRELA 2, MIT 2
kampuni = BRELA 1
alama ya ubora = TBS 5
ubora = TBS 2
viwango = TBS 3
standards = TBS 2
mizani = WMA 4
lumbesa = WMA 5
vipimo = WMA 3
bidhaa bandia = FCC 4
counterfeit = FCC 4
wizara ya viwanda = MIT 5

# agriculture
mbolea = TFRA 5
fertilizer = TFRA 5
pembejeo = TFRA 3, MOA 2
viwavijeshi = TPHPA 4, MOA 1
wadudu = TPHPA 2
viuatilifu = TPHPA 4
pests = TPHPA 3
afisa ugani = MOA 3, @COUNCIL 1
ugani = MOA 2
umwagiliaji = MOA 3, @COUNCIL 1
korosho = MOA 2
bodi ya korosho = MOA 3
kilimo = MOA 2
wizara ya kilimo = MOA 5
hifadhi ya chakula = NFRA 5
hawanunui mahindi = NFRA 3
mifugo = MLF 3
daktari wa mifugo = MLF 5
uvuvi = MLF 3
wavuvi = MLF 3
samaki wanavuliwa = MLF 4
ugonjwa wa mifugo = MLF 4

# environment
kelele = NEMC 3
noise = NEMC 3
loud = NEMC 2
muziki mkubwa = NEMC 3
uchafuzi = NEMC 4
pollution = NEMC 4
mazingira = NEMC 2
environment = NEMC 2
mifuko ya plastiki = NEMC 5
moshi mweusi = NEMC 4, @COUNCIL 1
kiwanda = NEMC 1.5
mtoni = NEMC 2
mchanga unachimbwa = NEMC 3, @COUNCIL 1
kemikali = NEMC 2
gugu maji = NEMC 4
harufu = NEMC 1
msitu = TFS 3
misitu = TFS 3
mkaa = TFS 3
miti = TFS 2
kukata miti = TFS 3
wanakata miti = TFS 3
mikoko = TFS 4
mbao = TFS 2
logging = TFS 4
forest = TFS 3
kuvuna miti = TFS 4
hifadhi ya taifa = TANAPA 4
mbuga ya wanyama = TANAPA 4
utalii = MNRT 2
national park = TANAPA 4
mbuga = TANAPA 3
mlima kilimanjaro = TANAPA 3
ziwa manyara = TANAPA 3, MNRT 1
tembo = MNRT 4
wanyamapori = MNRT 4
askari wa wanyamapori = MNRT 5
wildlife = MNRT 4
makamu wa rais = VPO 5
ofisi ya makamu wa rais = VPO 6

# lands
hati ya kiwanja = MLHHSD 4
hati miliki = MLHHSD 4
title deed = MLHHSD 4
ofisi ya ardhi = MLHHSD 3, @COUNCIL 2
afisa ardhi = @COUNCIL 2, MLHHSD 2
ardhi = MLHHSD 2
kiwanja = MLHHSD 1.5
viwanja = MLHHSD 1.5, @COUNCIL 1
upimaji = MLHHSD 2, @COUNCIL 2
mgogoro wa mpaka = MLHHSD 2, @COUNCIL 2
mthamini = MLHHSD 4
mgogoro wa ardhi = MLHHSD 3, @COUNCIL 1
shirika la nyumba = NHC 5
hati za kimila = @COUNCIL 3, MLHHSD 2
hati miliki za kimila = @COUNCIL 3, MLHHSD 2

# regions and the centre
mkuu wa mkoa = @RS 5
ofisi ya mkuu wa mkoa = @RS 6
regional commissioner = @RS 5
tamisemi = TAMISEMI 5
kidato cha kwanza = TAMISEMI 3
kidato cha tano = TAMISEMI 3
form five = TAMISEMI 3
amepangwa shule = TAMISEMI 3
amechaguliwa kidato = TAMISEMI 3

# education
matokeo = NECTA 3
results = NECTA 2
mtihani = NECTA 2.5
cheti cha kidato = NECTA 4
cheti changu cha kidato = NECTA 4
kidato cha nne = NECTA 2
darasa la saba = NECTA 2
form two = NECTA 2
form four = NECTA 2
heslb = HESLB 5
boom = HESLB 4
bodi ya mikopo = HESLB 5
student loan = HESLB 5
mikopo ya elimu ya juu = HESLB 5
loan disbursement = HESLB 4
mkopo = HESLB 2
mikopo = HESLB 1
udahili = TCU 3
admission = TCU 2
chuo kikuu = TCU 1.5
diploma = MOEST 1, TCU 1
chuo cha ufundi = VETA 3
elimu bila ada = MOEST 3
wizara ya elimu = MOEST 5

# --- the vocabulary of each sector, broadened beyond any one set of messages: synonyms,
# plurals and other noun classes, English and sheng, common misspellings. A `*stem` is a
# verb with any subject/tense/object prefix ("*ibiwa": nimeibiwa, zimeibiwa, tumeibiwa).

# energy
hakuna umeme = TANESCO 4
mgao wa umeme = TANESCO 4
kukatika kwa umeme = TANESCO 4
voltage = TANESCO 3
volti = TANESCO 2
luk = TANESCO 3
tokeni = TANESCO 3
tokens = TANESCO 2
mita ya luku = TANESCO 4
mita za umeme = TANESCO 4
mita za luku = TANESCO 4
nguzo ya umeme = TANESCO 4
transforma = TANESCO 3
transfomer = TANESCO 3
nyaya = TANESCO 2
waya = TANESCO 1
cheche = TANESCO 2
shoti = TANESCO 2
*unganishiwa umeme = TANESCO 4
*unganishwa umeme = TANESCO 4
no power = TANESCO 4
no electricity = TANESCO 4
electric = TANESCO 2
mradi wa rea = REA 5
bei elekezi = EWURA 1.5
bei kikomo = EWURA 3
sheli = EWURA 3
petrol station = EWURA 4
filling station = EWURA 4
mitungi ya gesi = EWURA 4
cooking gas = EWURA 4
*chakachuliwa = EWURA 2

# water
majitaka = @WATER 3
dira = @WATER 2
dira ya maji = @WATER 4
mita za maji = @WATER 4
water meter = @WATER 4
bili za maji = @WATER 3
ankara ya maji = @WATER 3
mabomba ya maji = @WATER 3
bomba kuu = @WATER 3
bomba limevunjika = @WATER 4
hakuna maji = @WATER 3
maji yamekatika = @WATER 3
maji yanakatika = @WATER 3
maji hayapatikani = @WATER 3
ukosefu wa maji = @WATER 3
uhaba wa maji = @WATER 3
mgao wa maji = @WATER 4
no water = @WATER 3
water shortage = @WATER 3
tanki la maji = @WATER 2
mamlaka ya maji = @WATER 4
*unganishiwa maji = @WATER 3
*unganishiwa majitaka = @WATER 3
maji ya chumvi = @WATER 2
maji ya bomba = @WATER 3
tap water = @WATER 3
taps = @WATER 2
pipe = @WATER 2
pipes = @WATER 2
burst pipe = @WATER 4
sewer = @WATER 3
vituo vya kuchotea maji = RUWASA 4
kituo cha kuchotea maji = RUWASA 4
vituo vya maji = RUWASA 2
jumuiya ya watumia maji = RUWASA 5
watumia maji = RUWASA 3
skimu ya maji = RUWASA 3
pampu = RUWASA 1.5
borehole = RUWASA 3
boreholes = RUWASA 3
maji ya mvua = TARURA 2, @COUNCIL 1

# roads
barabara ya vumbi = TARURA 3
barabara ya changarawe = TARURA 3
barabara za mtaa = TARURA 4
barabara ya mitaa = TARURA 4
barabara ya kijiji = TARURA 4
barabara za vijiji = TARURA 4
barabara za vijijini = TARURA 4
kalvati = TARURA 3
makalvati = TARURA 3
culvert = TARURA 3
culverts = TARURA 3
maegesho = TARURA 3, @COUNCIL 1
ada ya maegesho = TARURA 4, @COUNCIL 1
parking = TARURA 2, @COUNCIL 1
mfereji = TARURA 1
mifereji = TARURA 1
kivuko cha watembea kwa miguu = TANROADS 4
vivuko vya watembea kwa miguu = TANROADS 4
zebra = TANROADS 2
vivuko = UJENZI 3
upanuzi wa barabara = TANROADS 4
barabara kubwa = TANROADS 2
taa za mtaani = TARURA 2, @COUNCIL 2
street lights = TARURA 2, @COUNCIL 1
street light = TARURA 2, @COUNCIL 1
roads = TARURA 1, TANROADS 1

# transport
askari wa barabarani = POLISI 4
traffic police = POLISI 5
kituo cha daladala = @COUNCIL 1
kituo cha mabasi = @COUNCIL 1
stendi ya daladala = @COUNCIL 3
abiria = LATRA 1.5
*jaza abiria = LATRA 3
kondakta = LATRA 3
makonda = LATRA 3
madereva = LATRA 1.5, POLISI 1
pikipiki = LATRA 1, POLISI 1
boda = LATRA 2
boda boda = LATRA 2
bajaj = LATRA 2.5
dala dala = LATRA 3
coaster = LATRA 2
fares = LATRA 2
tiketi ya basi = LATRA 3
mabasi ya mikoani = LATRA 3
basi la abiria = LATRA 3
kukatisha ruti = LATRA 4
*katisha ruti = LATRA 4
stesheni = TRC 1.5
stesheni ya treni = TRC 4
treni ya sgr = TRC 5
shirika la ndege = ATCL 3
safari ya ndege = ATCL 3
flights = ATCL 3
kiwanja cha ndege = TAA 3
mizigo bandarini = TPA 3
kontena = TPA 2, TRA 1
makontena = TPA 2, TRA 1
meli = TPA 2
leseni ya kuendesha = TRA 3

# councils
machinjio = @COUNCIL 3
machinjioni = @COUNCIL 3
abattoir = @COUNCIL 3
ada ya taka = @COUNCIL 4
taka ngumu = @COUNCIL 3
*zolewa = @COUNCIL 3
usafi = @COUNCIL 1.5
usafi wa mji = @COUNCIL 3
*fagia = @COUNCIL 2
waste = @COUNCIL 2
rubbish = @COUNCIL 3
trash = @COUNCIL 2
markets = @COUNCIL 2.5
ushuru wa soko = @COUNCIL 4
asilimia kumi = @COUNCIL 3
asilimia 10 = @COUNCIL 3
mikopo ya asilimia kumi = @COUNCIL 4
mikopo ya vijana = @COUNCIL 4
mikopo ya wanawake = @COUNCIL 4
vikundi vya wanawake = @COUNCIL 2
mtendaji = @COUNCIL 2
mtendaji wa kijiji = @COUNCIL 3
mtendaji wa mtaa = @COUNCIL 3
afisa mtendaji = @COUNCIL 3
veo = @COUNCIL 3
weo = @COUNCIL 3
meo = @COUNCIL 3
serikali ya kijiji = @COUNCIL 3
ofisi ya mtendaji = @COUNCIL 3
ofisi ya kijiji = @COUNCIL 3
council = @COUNCIL 2.5
municipal = @COUNCIL 2
municipality = @COUNCIL 2.5
district council = @COUNCIL 3
town council = @COUNCIL 3
city council = @COUNCIL 3
mkurugenzi wa halmashauri = @COUNCIL 3
wafanyabiashara wadogo = @COUNCIL 1.5
machinga = @COUNCIL 2.5
mamalishe = @COUNCIL 2.5
shule za msingi = @COUNCIL 3
shule za sekondari = @COUNCIL 3
primary school = @COUNCIL 3
secondary school = @COUNCIL 3
darasa = @COUNCIL 1
madarasa = @COUNCIL 2
vyumba vya madarasa = @COUNCIL 3
wanafunzi = @COUNCIL 1
teacher = @COUNCIL 2
teachers = @COUNCIL 2
headteacher = @COUNCIL 3
walimu wakuu = @COUNCIL 3
michango = @COUNCIL 1.5
michango ya shule = @COUNCIL 3
leseni za pombe = @COUNCIL 4
grocery = @COUNCIL 1
baa = NEMC 1, @COUNCIL 1
afisa ustawi = @COUNCIL 3
maendeleo ya jamii = @COUNCIL 3
vibali vya ujenzi = @COUNCIL 5
building permits = @COUNCIL 5
ramani ya nyumba = @COUNCIL 2
kupuliza dawa = @COUNCIL 2
vyoo vya umma = @COUNCIL 3
public toilets = @COUNCIL 3
floods = @COUNCIL 1, TARURA 1
flooding = @COUNCIL 1, TARURA 1
mapato = @COUNCIL 1.5
mnada = @COUNCIL 2, MLF 1

# health
hospitali ya mkoa = @RS 4, MOH 1
regional hospital = @RS 4, MOH 1
referral hospital = @RS 3, MOH 1
hospitali ya halmashauri = @COUNCIL 3
mganga = @COUNCIL 1.5
mganga mfawidhi = @COUNCIL 3
wauguzi = @COUNCIL 1.5
muuguzi = @COUNCIL 1.5
nesi = @COUNCIL 1.5
nurse = @COUNCIL 1.5
wajawazito = @COUNCIL 1
kujifungua = @COUNCIL 1.5
dawa hakuna = MSD 2
ukosefu wa dawa = MSD 4
upungufu wa dawa = MSD 4
dawa hazipo = MSD 3
hawana dawa = MSD 3
drug shortage = MSD 4
no medicine = MSD 3
zilizokwisha muda = TMDA 4
zimekwisha muda = TMDA 4
zilizopitwa na muda = TMDA 4
expired drugs = TMDA 5
duka la dawa = TMDA 2
maduka ya dawa = TMDA 2
pharmacy = TMDA 2
famasi = TMDA 1.5
antibiotics = TMDA 2
prescription = TMDA 2
dawa feki = TMDA 5
fake medicine = TMDA 5
vipodozi = TBS 3, TMDA 1
insurance = NHIF 2
bima yangu = NHIF 3
cholera = MOH 2
mlipuko = MOH 1.5

# education
mitihani = NECTA 2
exam = NECTA 2
exams = NECTA 2
examination = NECTA 2
form six = NECTA 2
kidato cha sita = NECTA 2
kidato cha pili = NECTA 2
darasa la nne = NECTA 2
kuhakiki cheti = NECTA 3
uhakiki wa vyeti = NECTA 3
mkopo wa elimu ya juu = HESLB 5
mikopo ya elimu = HESLB 4
loan board = HESLB 5
kurejesha mkopo = HESLB 4
marejesho ya mkopo = HESLB 4
makato ya mkopo = HESLB 3
wanachuo = HESLB 1
loan = HESLB 1.5
kozi isiyotambuliwa = TCU 3
accredited = TCU 3
accreditation = TCU 3
vyuo vikuu = TCU 1.5
university = TCU 1.5
*dahili = TCU 3
*dahiliwa = TCU 3
ufundi stadi = VETA 4
vocational = VETA 3
kubadilishiwa shule = TAMISEMI 3
uhamisho wa mwanafunzi = TAMISEMI 3
sera ya elimu = MOEST 3
mtaala = MOEST 3
curriculum = MOEST 3

# identity
id number = NIDA 3
kitambulisho cha uraia = NIDA 5
vyeti vya vifo = RITA 5
kusajili ndoa = RITA 4
usajili wa ndoa = RITA 4
usajili wa vizazi = RITA 4
vizazi na vifo = RITA 5
birth certificates = RITA 5
marriage certificate = RITA 5
wahamiaji haramu = UHAMIAJI 5
wahamiaji = UHAMIAJI 4
mhamiaji = UHAMIAJI 4
hati ya dharura = UHAMIAJI 3
passports = UHAMIAJI 5
paspoti = UHAMIAJI 5
work permit = UHAMIAJI 3, PMOLYEPD 2
vibali vya kazi = UHAMIAJI 2, PMOLYEPD 2

# finance
makadirio ya kodi = TRA 4
*kadiria kodi = TRA 4
income tax = TRA 4
vat = TRA 4
risiti za efd = TRA 4
risiti za kielektroniki = TRA 4
namba ya tin = TRA 4
tin number = TRA 4
ushuru wa forodha = TRA 5
kodi ya mapato = TRA 4
kodi ya pango la ardhi = MLHHSD 5
pango la ardhi = MLHHSD 5
land rent = MLHHSD 5
namba ya malipo = EGA 2

# labour
mishahara = PMOLYEPD 2
*lipwa mishahara = PMOLYEPD 3
*lipwa mshahara = PMOLYEPD 3
kima cha chini = PMOLYEPD 4
minimum wage = PMOLYEPD 5
wages = PMOLYEPD 3
salary = PMOLYEPD 2
notisi = PMOLYEPD 2
*fukuzwa kazi = PMOLYEPD 3
*achishwa kazi = PMOLYEPD 3
mkataba wa kazi = PMOLYEPD 4
likizo = PMOLYEPD 1.5
masaa ya ziada = PMOLYEPD 3
afisa kazi = PMOLYEPD 4
employer = PMOLYEPD 2
ajira ya watoto = PMOLYEPD 4
ajira kwa watoto = PMOLYEPD 4
watoto wadogo = PMOLYEPD 1
kampuni ya ulinzi = PMOLYEPD 2
walinzi = PMOLYEPD 1
security guards = PMOLYEPD 2
vifaa vya usalama = OSHA 4
viatu vya usalama = OSHA 4
kofia ngumu = OSHA 4
ajali kazini = OSHA 4
ajali mahali pa kazi = OSHA 4
fao la kujitoa = NSSF 4
fao = NSSF 2, PSSSF 1
pension = PSSSF 3
*staafu = PSSSF 2
ajira portal = POPSMGG 4
sekretarieti ya ajira = POPSMGG 5
watumishi wa umma = POPSMGG 3

# justice and safety
*meibiwa = POLISI 2.5
*liibiwa = POLISI 2.5
*naibiwa = POLISI 2.5
*kuibiwa = POLISI 2.5
*meibwa = POLISI 2.5
*meiba = POLISI 2
*naiba = POLISI 2
*niibia = POLISI 2
*tuibia = POLISI 2
mwizi = POLISI 2.5
majambazi = POLISI 4
jambazi = POLISI 4
ujambazi = POLISI 4
panya road = POLISI 5
*porwa = POLISI 3
*pora = POLISI 2.5
*vunjiwa = POLISI 2
*vamiwa = POLISI 2.5
*vamia = POLISI 1.5
uvamizi = POLISI 2
ukatili = POLISI 3
ukatili wa kijinsia = POLISI 4
unyanyasaji = POLISI 2
*pigwa = POLISI 1.5
kipigo = POLISI 2
*bakwa = POLISI 4
*lawitiwa = POLISI 4
*uawa = POLISI 3
mauaji = POLISI 3
*tekwa = POLISI 3
*mepotea = POLISI 1.5
bangi = POLISI 4
mirungi = POLISI 3
madawa ya kulevya = POLISI 4
rb = POLISI 3
upelelezi = POLISI 3
mtuhumiwa = POLISI 2
watuhumiwa = POLISI 2
*kamatwa = POLISI 2
*kamata = POLISI 1.5
askari = POLISI 1
tapeli = TCRA 4, POLISI 2
*tapeliwa = TCRA 4, POLISI 2
*jifanya = TCRA 10, POLISI 4
akisema ni = TCRA 6, POLISI 3
anajiita = TCRA 6, POLISI 3
mobile money = TCRA 2
mpesa = TCRA 1.5
tigopesa = TCRA 1.5
halopesa = TCRA 1.5
airtel money = TCRA 3
muamala = TCRA 2
miamala = TCRA 2
fire brigade = ZIMAMOTO 5
zima moto = ZIMAMOTO 5
*teketea = ZIMAMOTO 3
mahakama kuu = MAHAKAMA 5
kesi yangu = MAHAKAMA 3
dhamana = MAHAKAMA 2, POLISI 1
mahabusu = MAHAKAMA 2, MOHA 1
gereza = MOHA 2
wafungwa = MOHA 2
prison = MOHA 2
baraza la ardhi = MLHHSD 3
wakili = MOCLA 2, MAHAKAMA 1
anadai pesa = PCCB 3
*dai pesa = PCCB 3
*dai hela = PCCB 3
*omba pesa = PCCB 2
*omba hela = PCCB 2
kitu kidogo = PCCB 4
demanded money = PCCB 4
asked for money = PCCB 3
ubadhirifu = PCCB 4
ufisadi = PCCB 6
ufujaji = PCCB 4
matumizi mabaya ya fedha = PCCB 4
*tumika vibaya = PCCB 3

# communications
mitandao = TCRA 2
netiweki = TCRA 3
mnara = TCRA 2
minara = TCRA 2
laini yangu = TCRA 4
simu = TCRA 1
huduma ya simu = TCRA 3
yas = TCRA 2
kifurushi cha intaneti = TCRA 5
kifurushi cha data = TCRA 5
bando = TCRA 4
bundles = TCRA 4
data = TCRA 1
spam = TCRA 3
sms za matangazo = TCRA 4
kingamuzi = TCRA 3
vingamuzi = TCRA 3
wifi = TTCL 1, TCRA 1
ems = TPC 3
sanduku la barua = TPC 4
redio ya taifa = TBC 4
televisheni ya taifa = TBC 4
website = EGA 1.5

# business
kusajili kampuni = BRELA 5
usajili wa kampuni = BRELA 5
ors = BRELA 3
company registration = BRELA 5
register a company = BRELA 4
chini ya kiwango = TBS 3
kiwango = TBS 1.5
substandard = TBS 4
bidhaa hafifu = TBS 3
nondo = TBS 2
maji ya chupa = TBS 2
kipimo = WMA 2
uzito = WMA 1.5
bidhaa feki = FCC 4
fake products = FCC 4
feki = FCC 1
wizara ya biashara = MIT 5

# lands
hatimiliki = MLHHSD 4
hati ya nyumba = MLHHSD 3
hati = MLHHSD 1
kiwanja changu = MLHHSD 3
migogoro ya ardhi = MLHHSD 3, @COUNCIL 1
mgogoro wa mipaka = MLHHSD 2, @COUNCIL 2
kupima viwanja = MLHHSD 2, @COUNCIL 2
urasimishaji = MLHHSD 3, @COUNCIL 2
fidia = MLHHSD 1
plot = MLHHSD 2
plots = MLHHSD 2
land officer = MLHHSD 3, @COUNCIL 1
land dispute = MLHHSD 3
title deeds = MLHHSD 4
ardhi ya kimila = @COUNCIL 2, MLHHSD 2
nyumba za shirika = NHC 4

# agriculture
mbolea ya ruzuku = TFRA 5
fertiliser = TFRA 5
viwavi jeshi = TPHPA 4
viwavi = TPHPA 3
nzige = TPHPA 4
kwelea = TPHPA 4
dawa ya kuua wadudu = TPHPA 4
dawa za kuua wadudu = TPHPA 4
pesticides = TPHPA 4
armyworm = TPHPA 4
mchwa = TPHPA 1.5
kununua mahindi = NFRA 3
ununuzi wa mahindi = NFRA 4
wakala wa chakula = NFRA 3
maafisa ugani = MOA 3, @COUNCIL 1
mbegu = MOA 2
seeds = MOA 2
mazao = MOA 1.5
bei ya mazao = MOA 3
stakabadhi ghalani = MOA 3
chama cha ushirika = MOA 3
amcos = MOA 3
skimu ya umwagiliaji = MOA 4, @COUNCIL 1
mifereji ya umwagiliaji = MOA 4
ngombe = MLF 1.5
majosho = MLF 3
josho = MLF 3
chanjo ya mifugo = MLF 4
madaktari wa mifugo = MLF 5
wafugaji = MLF 2
nyavu = MLF 3
afisa uvuvi = MLF 4
maafisa uvuvi = MLF 4
uvuvi haramu = MLF 4
samaki = MLF 1

# environment
makelele = NEMC 3
muziki = NEMC 1.5
sauti kubwa = NEMC 2
vumbi = NEMC 2
*mwaga = NEMC 2
sumu = NEMC 1.5
taka za kiwanda = NEMC 4
taka za sumu = NEMC 4
effluent = NEMC 4
plastiki = NEMC 2.5
plastic bags = NEMC 5
uchimbaji wa mchanga = NEMC 3, @COUNCIL 1
mchanga = NEMC 1
kingo za mto = NEMC 2
kuchoma taka = NEMC 3, @COUNCIL 2
*choma taka = NEMC 3, @COUNCIL 2
harufu mbaya = NEMC 2
msitu wa hifadhi = TFS 5
hifadhi ya msitu = TFS 5
*kata miti = TFS 3
uvunaji wa miti = TFS 4
magogo = TFS 3
hifadhi ya serengeti = TANAPA 5
serengeti national park = TANAPA 5
tarangire = TANAPA 4
hifadhi ya ruaha = TANAPA 5
hifadhi ya mikumi = TANAPA 5
hifadhi za taifa = TANAPA 4
park fees = TANAPA 4
national parks = TANAPA 4
askari wa hifadhi = TANAPA 3
udzungwa = TANAPA 3
saadani = TANAPA 3
kitulo = TANAPA 3
wanyama = MNRT 1
kifuta jasho = MNRT 4
kifuta machozi = MNRT 4
mamba = MNRT 2
viboko = MNRT 3
fisi = MNRT 2
wanyama waharibifu = MNRT 4
# --- third pass: a second, independent set of messages (tests/routing/dev2.csv, written by
# someone who had not seen the router) showed the vocabulary still missing. A phrase here
# that is also above replaces its entry there.

# matters no institution here handles: elections, members of parliament, Zanzibar's own
# bodies (ZECO, ZRA, the Sheha), sport. The central desk decides.
mpiga kura = @NODESK 6
wapiga kura = @NODESK 6
kadi ya mpiga kura = @NODESK 8
uchaguzi = @NODESK 3
tume ya uchaguzi = @NODESK 8
voter = @NODESK 5
voters card = @NODESK 8
mbunge = @NODESK 4
jimboni = @NODESK 3
sheha = @NODESK 5
zeco = @NODESK 5
zra = @NODESK 5
bodi ya mapato zanzibar = @NODESK 7
refa = @NODESK 4
referee = @NODESK 4

# energy
transformer = TANESCO 5
transfoma = TANESCO 5
prepaid = TANESCO 1.5
prepaid meter = TANESCO 5
disconnected = TANESCO 1.5
supply = TANESCO 0.5
gesi asilia = TPDC 5
natural gas = TPDC 5
bomba la gesi = TPDC 5
pampu ya mafuta = EWURA 3, WMA 2

# water
mita yangu ya maji = @WATER 5
dira ya maji = @WATER 5
maji ya bomba = @WATER 3.5
tope = @WATER 1
dawa ya maji = @WATER 2

# roads: what says a trunk road (lorries, passes, bypasses) or a street
malori = TANROADS 2
lori = TANROADS 1.5
trucks = TANROADS 2
lorries = TANROADS 2
njia ya mchepuo = TANROADS 4
mchepuo = TANROADS 3
bypass = TANROADS 3
tanzam = TANROADS 5
ipanuliwe = TANROADS 1
barabara ya mtaa = TARURA 4
barabara za mitaa = TARURA 4
barabara ya kijiji = TARURA 4

# transport
boti = MOT 2
boti za abiria = MOT 4
maboya = MOT 4
life jackets = MOT 4
majaketi ya kuokolea = MOT 4
*gonga = POLISI 2
kwa kasi = POLISI 2
kubadilisha umiliki = TRA 4
umiliki wa gari = TRA 5
kadi ya gari = TRA 5
usajili wa gari = TRA 5
namba ya gari = TRA 3
plate number = TRA 3

# councils: licences, the women's, youth's and disabled's loans, markets
kibali cha kuuza pombe = @COUNCIL 5
leseni ya pombe = @COUNCIL 5
liquor licence = @COUNCIL 5
liquor license = @COUNCIL 5
asilimia kumi = @COUNCIL 4
asilimia mbili = @COUNCIL 4
asilimia nne = @COUNCIL 4
mkopo wa halmashauri = @COUNCIL 6
mikopo ya halmashauri = @COUNCIL 6
kikundi = @COUNCIL 1.5
vikundi = @COUNCIL 1.5
kikundi cha wanawake = @COUNCIL 4
kikundi cha vijana = @COUNCIL 4
kikundi cha walemavu = @COUNCIL 4
vikundi vya wanawake = @COUNCIL 4
vikundi vya vijana = @COUNCIL 4
mkopo wa elimu ya juu = HESLB 6
bodi ya mikopo = HESLB 6
wakulima na wafugaji = @COUNCIL 3, POLISI 2
migogoro ya ardhi = MLHHSD 3, @COUNCIL 2

# health: referral hospitals by name (regional: the regional secretariat; zonal and
# national: the ministry), cancer care, blood
hospitali ya rufaa ya kanda = MOH 6
rufaa ya kanda = MOH 5
zonal referral = MOH 5
bugando = MOH 3
hospitali ya bugando = MOH 4
benjamin mkapa = MOH 5
ocean road = MOH 6
saratani = MOH 3
cancer = MOH 3
mionzi = MOH 2
tiba kemia = MOH 3
chemotherapy = MOH 3
benki ya damu = MOH 4
damu salama = MOH 4
blood bank = MOH 4
bombo = RSTANGA 4
ligula = RSMTWARA 4
kitete = RSTABORA 4
tumbi = RSPWANI 4
maweni = RSKIGOMA 4
hospitali ya amana = RSDSM 5
hospitali ya mwananyamala = RSDSM 5
hospitali ya temeke = RSDSM 5
kibena = RSNJOMBE 4
mitishamba = TMDA 2.5
dawa za mitishamba = TMDA 4
dawa ya mitishamba = TMDA 4
herbal = TMDA 2.5
dawa bandia = TMDA 5

# education
uhakiki wa vyeti = NECTA 5
verification = NECTA 1.5
certificate verification = NECTA 5
csee = NECTA 5
acsee = NECTA 5
vyeti vya kidato = NECTA 4
ada za shule = MOEST 3
ada ya shule = MOEST 3
ada za vyuo = MOEST 3
school fees = MOEST 3

# justice and safety
pombe haramu = POLISI 5
gongo = POLISI 3
bangi = POLISI 4
wanapigana = POLISI 2
kutishia = POLISI 2
*tishia = POLISI 2
mapanga = POLISI 3
vurugu = POLISI 2.5
kibali cha kumiliki silaha = POLISI 6
silaha = POLISI 3
bunduki = POLISI 3
*dai elfu = PCCB 5
*dai pesa = PCCB 5
*dai hela = PCCB 5
*dai shilingi = PCCB 5
demanded cash = PCCB 5
extra cash = PCCB 3
link = TCRA 2
pin = TCRA 2.5
pin yangu = TCRA 4
tapeli = TCRA 4, POLISI 2

# identity
id = NIDA 1.5
application yangu ya id = NIDA 5
register a trust = RITA 5
trust = RITA 2
msajili wa vizazi = RITA 6
vizazi na vifo = RITA 6
border post = UHAMIAJI 3
entry stamp = UHAMIAJI 4
stamping = UHAMIAJI 2

# finance
kodi ya majengo = TRA 5
property tax = TRA 5
bank = MOF 2
benki = MOF 2
bank charges = MOF 4
makato ya benki = MOF 4
mikopo ya mtandaoni = MOF 5
online loans = MOF 5
loan apps = MOF 5

# labour and public service
helmeti = OSHA 2, POLISI 1
barakoa = OSHA 2
vifaa vya kujikinga = OSHA 5
protective gear = OSHA 5
usalama kazini = OSHA 5
wafanyakazi wa kigeni = PMOLYEPD 5
ajira kwa watoto = PMOLYEPD 6
utumikishwaji wa watoto = PMOLYEPD 6
child labour = PMOLYEPD 6
portal ya ajira = POPSMGG 6
ajira portal = POPSMGG 6
sekretarieti ya ajira = POPSMGG 6
usaili = POPSMGG 3
kazi serikalini = POPSMGG 4
tovuti za serikali = EGA 5
government websites = EGA 5
government website = EGA 5
mifumo ya serikali = EGA 3

# business
bidhaa bandia = FCC 5
bandia = FCC 2.5
nembo = FCC 2
counterfeit = FCC 5
fake products = FCC 5
competitor = FCC 3
washindani = FCC 3
price fixing = FCC 5
lita pungufu = WMA 5
pungufu = WMA 2
short measure = WMA 5
biashara ya mpakani = MIT 5
cross-border trade = MIT 5
soko la pamoja = MIT 3

# agriculture
kahawa = MOA 2
bei ya kahawa = MOA 4
bodi ya kahawa = MOA 5
tumbaku = MOA 2
madaraja ya tumbaku = MOA 5
pamba = MOA 2
korosho = MOA 2
chakula cha msaada = NFRA 5
hifadhi ya taifa ya chakula = NFRA 7
njaa = NFRA 3
food aid = NFRA 5
famine = NFRA 3

# environment
chemical waste = NEMC 6
kemikali = NEMC 3
chemicals = NEMC 3
discharging = NEMC 2
samaki wanakufa = NEMC 3
fish are dying = NEMC 3
# --- the vocabulary of each institution once more, from a list of what citizens raise
# with each (not from any corpus): synonyms and English that the passes above lacked
stima = TANESCO 3
gizani = TANESCO 1.5
short circuit = TANESCO 3
low voltage = TANESCO 4
umeme mdogo = TANESCO 4
power surge = TANESCO 4
power failure = TANESCO 4
electric pole = TANESCO 4
electricity bill = TANESCO 4
vifaa vimeungua = TANESCO 3
uhaba wa mafuta = EWURA 4
water rationing = @WATER 4
leaking pipe = @WATER 4
dirty water = @WATER 3
sewage overflow = @WATER 4
kiosk cha maji = @WATER 3
kituo cha maji = @WATER 3
makalavati = TARURA 3
kalavati = TARURA 3
greda = TARURA 3
kuchonga barabara = TARURA 4
mafuriko barabarani = TARURA 3
speed bumps = TANROADS 2, TARURA 1
alama za barabarani = TANROADS 3
mizani ya magari = TANROADS 5
weighbridge = TANROADS 5
barabara ya mkoa = TANROADS 4
flyover = TANROADS 4
overloading = LATRA 3
kujaza abiria = LATRA 4
ugomvi = POLISI 2
kupigana = POLISI 2
gbv = POLISI 4
faini = POLISI 2
mtoto amepotea = POLISI 5
missing child = POLISI 5
risasi = POLISI 3
bribery = PCCB 6
embezzlement = PCCB 5
wizi wa fedha za umma = PCCB 6
fedha za umma = PCCB 3
tax clearance = TRA 5
fingerprints = NIDA 3
msimamizi wa mirathi = RITA 4, MAHAKAMA 2
adoption = RITA 3
stock ya dawa = MSD 3
hospitali = @COUNCIL 2
madaktari = @COUNCIL 1.5
daktari = @COUNCIL 1.5
manesi = @COUNCIL 1.5
gari la wagonjwa = @COUNCIL 2
ambulance = @COUNCIL 2
malaria = MOH 2
kifua kikuu = MOH 3
ukimwi = MOH 2
hiv = MOH 2
arv = MOH 3
psle = NECTA 5
kufutiwa matokeo = NECTA 5
vyeti = NECTA 1.5
mkopo wa chuo = HESLB 5
allowance = HESLB 2
mafunzo ya ufundi = VETA 4
vitabu = MOEST 2
mitaala = MOEST 4
elimu bure = MOEST 3
*wasilisha michango = NSSF 3, PSSSF 2
pensheni ya watumishi wa umma = PSSSF 5
mafao ya kustaafu = PSSSF 3, NSSF 2
usalama mahali pa kazi = OSHA 5
mazingira ya kazi = OSHA 3
unfair dismissal = PMOLYEPD 5
haki za wafanyakazi = PMOLYEPD 4
watu wenye ulemavu = PMOLYEPD 3
kusajili laini = TCRA 4
mitandao ya simu = TCRA 3
salio = TCRA 2
airtime = TCRA 2
zimeisha muda = TBS 4
vilivyoisha muda = TBS 4
hataza = BRELA 4
trademark = BRELA 4
alama ya biashara = BRELA 4
mipaka = MLHHSD 2
survey = MLHHSD 2
ukataji miti = TFS 4
kuchoma mkaa = TFS 4
deforestation = TFS 4
wanyama pori = TANAPA 3
serengeti = TANAPA 4
moshi wa kiwanda = NEMC 5
uchafuzi wa mazingira = NEMC 5
taka za plastiki = NEMC 4
mbegu feki = MOA 4
wakulima = MOA 1.5
vocha za pembejeo = MOA 5
ruzuku = MOA 2
irrigation = MOA 3
ushirika = MOA 2
mbuzi = MLF 2
kuku = MLF 1.5
dagaa = MLF 2
containers = TPA 3
clearing = TPA 2
jnia = TAA 5
ndege imechelewa = ATCL 3
safari ya ndege imefutwa = ATCL 5
flight cancelled = ATCL 5
luggage = ATCL 2
mizigo ya ndege = ATCL 3
tiketi ya treni = TRC 5
simu ya mezani = TTCL 4
jaji = MAHAKAMA 3
judgement = MAHAKAMA 3
katiba = MOCLA 2
mawakili = MOCLA 2
magereza = MOHA 4
wakimbizi = MOHA 4
uraia = UHAMIAJI 3
viza = UHAMIAJI 4
nyumba imeungua = ZIMAMOTO 5
soko limeungua = ZIMAMOTO 5
uokoaji = ZIMAMOTO 3
makaburi = @COUNCIL 3
ushuru wa huduma = @COUNCIL 4
service levy = @COUNCIL 4
mabango = @COUNCIL 3
billboard = @COUNCIL 3
mchango wa maendeleo = @COUNCIL 3
# --- fourth pass: a third independent set (tests/routing/dev3.csv) showed more of what
# citizens write to each institution. A phrase here that is also above replaces it there.

# words that meant something else: "zimepungua" (decreased) is no fire, "kuchuma chai" (to pick
# tea) no bribe, "daraja la tatu" a grade and no bridge, a bare "simu" (phone) or "kampuni"
# (company) almost nothing
*eungua = ZIMAMOTO 2
*liungua = ZIMAMOTO 2
*naungua = ZIMAMOTO 2
*chuma chai = MOA 1
simu = TCRA 0.5
kampuni = BRELA 0.5
trade test = VETA 6
majaribio ya ufundi = VETA 5
daraja la kwanza = VETA 0.5
daraja la pili = VETA 0.5
daraja la tatu = VETA 0.5

# energy
giza = TANESCO 2
giza tupu = TANESCO 4
new connection = TANESCO 4
control number = EGA 1.5
cng = TPDC 3, EWURA 2
wizara ya nishati = MOE 6
ministry of energy = MOE 6
majiko ya gesi = MOE 2, EWURA 1
*chezea mita = TANESCO 5
leseni ya ufundi wa umeme = EWURA 6
leseni ya umeme = EWURA 4

# water
basin water board = MOW 6
bodi ya maji ya bonde = MOW 6
bonde la maji = MOW 4
borehole permit = MOW 5
water permit = MOW 4
kibali cha kuchimba kisima = MOW 5
waziri wa maji = MOW 6
wizara ya maji = MOW 6
ministry of water = MOW 6

# roads and transport
wakala wa barabara = TANROADS 3
wakala wa barabara za vijijini = TARURA 6
feeder road = TARURA 5
gully = TARURA 2
mabasi yaendayo haraka = DART 6
tiketi za ndege = ATCL 3
ndege ya serikali = ATCL 4
shirika la ndege = ATCL 5
usalama wa anga = TCAA 5
air safety = TCAA 5
leseni ya rubani = TCAA 6
urubani = TCAA 4
rubani = TCAA 3
pilot licence = TCAA 6
taa za kuongozea ndege = TAA 6
viwanja vya ndege = TAA 5
mamlaka ya viwanja vya ndege = TAA 7
utabiri wa hali ya hewa = MOT 5
hali ya hewa = MOT 3
weather forecast = MOT 5
meli = MOT 2, TPA 1

# health
taasisi ya moyo = MOH 5
jakaya kikwete = MOH 4
hospitali ya taifa = MNH 5
toto afya = NHIF 6
hazilipwi na bima = NHIF 5
test kits = MSD 3
mwananyamala hospitali = RSDSM 5
amana hospitali = RSDSM 5
temeke hospitali = RSDSM 5
nesi = @COUNCIL 1

# councils and local government
vizimba = @COUNCIL 3
vizimba vya soko = @COUNCIL 5
leseni ya kuuza vileo = @COUNCIL 6
vileo = @COUNCIL 3
ofisi ya kijiji = @COUNCIL 4
uchaguzi wa serikali za mitaa = TAMISEMI 8
street government elections = TAMISEMI 8
serikali za mitaa = TAMISEMI 4
uhamisho = TAMISEMI 2
uhamisho wa chuo = TCU 5
capitation grant = TAMISEMI 5
ruzuku ya shule = TAMISEMI 4
fukwe = @COUNCIL 2, NEMC 1
kunguru = @COUNCIL 2, NEMC 1
ofisi ya mkoa = @RS 4
regional office = @RS 4

# education
shule binafsi = MOEST 4
private schools = MOEST 4
*pangiwa mkopo = HESLB 5
mkopo asilimia = HESLB 4
code ya kuthibitisha = TCU 5
kuthibitisha udahili = TCU 5
confirmation code = TCU 4
foreign degree = TCU 5
degree = TCU 2
welding course = VETA 5
short course = VETA 3
accredited = TCU 1

# identity, tax and finance
id ya taifa = NIDA 5
spouse permit = UHAMIAJI 5
dependant pass = UHAMIAJI 5
residence = UHAMIAJI 1.5
wageni kutoka nchi jirani = UHAMIAJI 5
foreigners = UHAMIAJI 2
bila vibali = UHAMIAJI 1
namba ya mlipakodi = TRA 5
mlipakodi = TRA 4
risiti ya mashine = TRA 5
*kadiriwa kodi = TRA 5
treasury = MOF 4
malimbikizo = MOF 3
arrears = MOF 3
michezo ya kubahatisha = MOF 5
betting = MOF 4

# labour and public service
disability = PMOLYEPD 3
ulemavu = PMOLYEPD 3
survivor = PSSSF 2
pension fund = PSSSF 3, NSSF 2
mfumo wa watumishi = POPSMGG 4
taarifa za watumishi = POPSMGG 4
tarehe ya kuajiriwa = POPSMGG 4
nyumba za watumishi wa serikali = UJENZI 4
tba = UJENZI 4

# communications
laini ya umeme = TANESCO 5
laini kubwa ya umeme = TANESCO 5
online tv = TCRA 4
youtube = TCRA 3
leseni ya maudhui = TCRA 6
maudhui mtandaoni = TCRA 5
websites = EGA 3
mgov = EGA 5
mkongo = TTCL 4
intaneti ya mkongo = TTCL 6
t pesa = TTCL 5
tehama = MICIT 3
vituo vya ubunifu = MICIT 4
wabunifu = MICIT 2

# business
*sajili kampuni = BRELA 4
certificate of incorporation = BRELA 5
product certification = TBS 5
certification = TBS 2
nembo ya ubora = TBS 4
mlaji = FCC 3
haki za mlaji = FCC 5
consumer rights = FCC 5
vifungashio = FCC 2
feki = FCC 2
kusafirisha nje ya nchi = MIT 4
export permit = MIT 4
vibali vya kusafirisha = MIT 4
bei ya sukari = MIT 4
sugar prices = MIT 4
uhaba wa sukari = MIT 4
ministry of industry and trade = MIT 6
wizara ya viwanda na biashara = MIT 6

# safety, justice
rescue team = ZIMAMOTO 4
judiciary = MAHAKAMA 5
e-filing = MAHAKAMA 4
video hearings = MAHAKAMA 3
wizara ya sheria = MOCLA 6
wasaidizi wa kisheria = MOCLA 5
paralegals = MOCLA 5

# agriculture, natural resources
mbaazi = MOA 3
pigeon peas = MOA 3
ministry of agriculture = MOA 6
masoko ya mazao = MOA 4
urea = TFRA 4
mbolea ya ruzuku = TFRA 5
agrodealer = TFRA 3
kwelea = TPHPA 5
quelea = TPHPA 5
makundi ya ndege = TPHPA 4
unyunyiziaji = TPHPA 3
miche ya miti = TFS 4
upandaji miti = TFS 4
ruaha = TANAPA 4
park gate = TANAPA 4
ranger = TANAPA 3
tour guide = MNRT 3
tour guide licence = MNRT 5
wizara ya maliasili = MNRT 6
ministry of natural resources = MNRT 6
muungano = VPO 3
union office = VPO 4
ofisi ya makamu wa rais = VPO 6
"""

# Institutions that do not serve Zanzibar (its own bodies do: ZECO, ZAWA, ZURA, the
# Zanzibar roads and transport authorities, councils...): a Zanzibar place rules them out.
MAINLAND_ONLY = frozenset({
    "TANESCO", "REA", "EWURA", "MOE", "TARURA", "TANROADS", "RUWASA", "MOW", "LATRA", "DART",
    "UJENZI", "TAMISEMI", "MSD", "TMDA", "NHIF", "MOH", "MOEST", "HESLB", "VETA", "PMOLYEPD",
    "NSSF", "OSHA", "RITA", "BRELA", "TBS", "NEMC", "TFS", "TANAPA", "MLHHSD", "NHC", "MOA",
    "MLF", "TFRA", "TPHPA", "NFRA"})

# Words after which a topic word tells where, not what: "karibu na shule" (near the school).
NEAR = (("karibu", "na"), ("jirani", "na"), ("mbele", "ya"), ("nyuma", "ya"), ("near",),
        ("opposite",), ("behind",), ("karibu", "ya"))

# Words that make a water message a village's (RUWASA), and a road or bridge message a
# village's (TARURA, not TANROADS), whatever town is near.
RURAL = frozenset({"kijiji", "kijijini", "vijiji", "vijijini", "village", "villages"})

# Road words that say nothing of the road's class: in a village they are TARURA's.
ANY_ROAD = frozenset({"barabara", "road", "daraja", "bridge", "mashimo", "pothole", "potholes",
                      "barabara ya lami"})

# Institution codes that are everyday words or names: they count only typed in capitals.
CAPITALS_ONLY = frozenset({"TAA", "RITA", "OSHA", "MIT", "MOT", "MOE", "TIN", "DART", "EGA",
                           "WMA", "FCC", "TPC", "VPO", "MOH", "MOA", "MLF", "MOW", "MOF", "UJENZI"})

# Aliases (of any institution, from the database) that are everyday or topic words: the
# lexicon above decides what they mean, or they mean nothing alone.
NOT_NAMES = frozenset({
    "habari", "moshi", "taa", "rita", "osha", "maji", "water", "hospitali", "hospital",
    "shule", "school", "elimu", "education", "afya", "health", "ujenzi", "chakula", "risiti",
    "receipt", "ndege", "msaada", "help", "malalamiko", "complaint", "feedback", "mrejesho",
    "dawati", "mkopo", "loan", "simu", "network", "results", "matokeo", "exam", "mtihani",
    "quality", "ubora", "company", "kampuni", "ajira", "employment", "labour", "land",
    "ardhi", "hati", "plot", "kiwanja", "bima", "nyumba", "housing", "gas", "gesi", "power",
    "bus", "basi", "road", "barabara", "moto", "fire", "kesi", "court", "token", "tin",
    "kodi", "tax", "ushuru", "customs", "miti", "trees", "mbuga", "sheria", "katiba",
    "muungano", "radio", "redio", "tv", "televisheni", "internet", "fibre", "fiber", "port",
    "mazao", "crops", "kilimo", "agriculture", "viwanda", "industry", "mifugo", "uvuvi",
    "wadudu", "pests", "scale", "weights", "consumer", "mlaji", "competition", "ushindani",
    "standards", "viwango", "vipimo", "uhalifu", "crime", "wizi", "theft", "askari",
    "traffic", "trafiki", "mazingira", "environment", "kelele", "noise", "tourism", "utalii",
    "nishati", "hazina", "treasury", "rescue", "uokoaji", "drainage", "mtaro", "shimo",
    "pothole", "daraja", "bridge", "nin", "efd", "mafuta", "fuel", "flight", "airport",
    "admission", "university", "vocational", "parcel", "kifurushi", "sewage", "kisima",
    "borehole", "nauli", "fare", "daladala", "bajaji", "bodaboda", "train", "treni", "reli",
    "railway", "bandari", "harbour", "umeme", "electricity", "blackout", "luku", "laini",
    "bundle", "vifurushi", "mkaa", "charcoal", "misitu", "forest", "mafao", "pension",
    "pensheni", "ndoa", "marriage", "wosia", "visa", "passport", "pasipoti", "kitambulisho",
    "national hospital", "hospitali ya taifa", "mkoa", "region", "chuo kikuu", "wildlife",
    "wanyamapori", "police", "polisi", "kukatika umeme", "bei ya mafuta", "petrol station",
    "uchafuzi", "pollution", "drone", "aviation", "mbolea", "fertilizer", "dar es salaam",
})


def parse(text: str = TEXT) -> dict[str, list[tuple[str, float]]]:
    """phrase -> [(target, weight)]."""
    out: dict[str, list[tuple[str, float]]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrase, _, targets = line.partition("=")
        entries = []
        for part in targets.split(","):
            target, weight = part.split()
            entries.append((target, float(weight)))
        out[phrase.strip()] = entries
    return out
