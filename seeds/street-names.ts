/**
 * Dutch street names for generated addresses: historic names for old cores and dike ribbons, and the
 * themed names (trees, painters, Wadden islands, …) typical of Dutch neighbourhood planning. Names are
 * unique within a woonplaats, as in the BAG. Synthetic: a generated street need not exist.
 */
import type { Random } from './random.js';

const HISTORIC = [
  'Westzijde',
  'Oostzijde',
  'Lagedijk',
  'Zuiddijk',
  'Hogendijk',
  'Dorpsstraat',
  'Kerkstraat',
  'Kerkbuurt',
  'Hoogstraat',
  'Breestraat',
  'Zeilmakerstraat',
  'Touwslagerstraat',
  'Molenstraat',
  'Schoolstraat',
  'Gedempte Gracht',
  'Vinkenstraat',
  'Kalverringdijk',
  'Noordeinde',
  'Zuideinde',
  'Havenstraat',
  'Stationsstraat',
  'Nieuwstraat',
  'Achterstraat',
  'Weverstraat',
  'Zaanweg',
  'Dijkstraat',
  'Sluispad',
  'Sluisstraat',
  'Rozengracht',
  'Peperstraat',
  'Marktstraat',
  'Oude Haven',
  'Kogerpad',
  'Zaanstraat',
  'Wandelweg',
  'Veldstraat',
  'Tuinstraat',
  'Smidstraat',
  'Bakkerstraat',
  'Kuiperstraat',
  'Leeghwaterstraat',
];

const THEMES: Record<string, readonly string[]> = {
  bomen: [
    'Linden',
    'Eiken',
    'Beuken',
    'Populieren',
    'Iepen',
    'Esdoorn',
    'Kastanje',
    'Wilgen',
    'Berken',
    'Elzen',
    'Platanen',
    'Essen',
    'Acacia',
    'Meidoorn',
    'Hazelaar',
    'Lijsterbes',
  ],
  burgemeesters: [
    'Burgemeester Ramaer',
    'Burgemeester Hogguer',
    'Burgemeester Visser',
    'Burgemeester de Vlugt',
    'Burgemeester Lewe',
    'Burgemeester Boon',
    'Burgemeester Verheul',
    'Burgemeester van Hasselt',
    'Burgemeester Honig',
    'Burgemeester Jansen',
  ],
  schilders: [
    'Rembrandt',
    'Frans Hals',
    'Vermeer',
    'Jan Steen',
    'Ruysdael',
    'Hobbema',
    'Van Goyen',
    'Ter Borch',
    'Van Ostade',
    'Breitner',
    'Mesdag',
    'Israëls',
    'Mauve',
    'Van Gogh',
    'Mondriaan',
    'Monet',
  ],
  wadden: ['Texel', 'Vlieland', 'Terschelling', 'Ameland', 'Schiermonnikoog', 'Rottum', 'Griend', 'Noorderhaaks'],
  vogels: [
    'Merel',
    'Lijster',
    'Spreeuw',
    'Kievit',
    'Grutto',
    'Tureluur',
    'Reiger',
    'Zwaluw',
    'Koekoek',
    'Roodborst',
    'Specht',
    'Meeuwen',
    'Fuut',
    'Wulp',
    'Scholekster',
    'Kraai',
  ],
  bloemen: [
    'Rozen',
    'Tulpen',
    'Anjer',
    'Lelie',
    'Narcis',
    'Krokus',
    'Hyacint',
    'Dahlia',
    'Iris',
    'Violier',
    'Jasmijn',
    'Seringen',
    'Goudsbloem',
    'Klaproos',
    'Zonnebloem',
    'Boterbloem',
  ],
  molens: [
    'De Kat',
    'Het Pink',
    'De Huisman',
    'De Zoeker',
    'De Bonte Hen',
    'De Gekroonde Poelenburg',
    'Het Jonge Schaap',
    'De Ooievaar',
    'De Os',
    'De Windhond',
    'De Zwaan',
    'De Zaagmolen',
    'De Bleeker',
    'De Eendracht',
  ],
  schepen: ['Fluitschip', 'Kof', 'Tjalk', 'Galjoen', 'Schoener', 'Botter', 'Aak', 'Schouw', 'Pink', 'Hoeker', 'Boeier', 'Kotter'],
  rivieren: [
    'Amstel',
    'Vecht',
    'Eem',
    'Dommel',
    'Lek',
    'Linge',
    'Dinkel',
    'Regge',
    'Berkel',
    'Hunze',
    'Gouwe',
    'Rotte',
    'Schie',
    'Vliet',
    'Spaarne',
    'Kromme Rijn',
  ],
  componisten: [
    'Mozart',
    'Beethoven',
    'Bach',
    'Chopin',
    'Schubert',
    'Haydn',
    'Vivaldi',
    'Händel',
    'Brahms',
    'Sweelinck',
    'Diepenbrock',
    'Grieg',
    'Verdi',
    'Ravel',
    'Debussy',
    'Mahler',
  ],
  sterren: [
    'Orion',
    'Pegasus',
    'Andromeda',
    'Cassiopeia',
    'Perseus',
    'Lyra',
    'Draco',
    'Cygnus',
    'Aquila',
    'Vega',
    'Sirius',
    'Polaris',
    'Capella',
    'Altair',
    'Castor',
    'Pollux',
  ],
  vruchten: ['Appel', 'Peren', 'Kersen', 'Pruimen', 'Bramen', 'Bessen', 'Druiven', 'Aardbei', 'Framboos', 'Kruisbes', 'Walnoot', 'Mispel'],
  provincies: ['Friesland', 'Groningen', 'Drenthe', 'Overijssel', 'Gelderland', 'Utrecht', 'Zeeland', 'Brabant', 'Limburg', 'Flevoland'],
  polder: [
    'Kwadijk',
    'Assendelver',
    'Dorpsweg',
    'Communicatie',
    'Zaandammer',
    'Nauernasche',
    'Veenweg',
    'Weiver',
    'Slootweg',
    'Kaaiweg',
    'Kerkpad',
    'Hoorn',
  ],
};

const SUFFIXES = ['straat', 'laan', 'weg', 'plein', 'hof', 'pad', 'kade', 'singel', 'gracht', 'dreef'];

/** The themes used for each period profile (old cores first get historic names). */
const PROFILE_THEMES: Record<string, readonly string[]> = {
  'oude-kern': ['historic', 'schepen', 'molens'],
  vooroorlogs: ['bomen', 'burgemeesters', 'schilders', 'wadden', 'historic'],
  wederopbouw: ['bloemen', 'vogels', 'provincies'],
  'jaren-60-70': ['rivieren', 'componisten', 'vogels'],
  'jaren-70-80': ['sterren', 'vruchten', 'bloemen'],
  'na-1995': ['schepen', 'molens', 'sterren', 'componisten'],
  gemengd: ['provincies', 'rivieren', 'historic'],
  'lint-en-nieuw': ['historic', 'polder', 'vruchten'],
  landelijk: ['polder', 'historic'],
};

/** Hands out unique street names per woonplaats. */
export class StreetNamer {
  private readonly used = new Map<string, Set<string>>();

  constructor(private readonly rng: Random) {}

  /** A new street name in `woonplaats`, in the style of `profile`. */
  next(woonplaats: string, profile: string): string {
    const used = this.used.get(woonplaats) ?? new Set<string>();
    this.used.set(woonplaats, used);
    const themes = PROFILE_THEMES[profile] ?? ['historic'];
    for (let attempt = 0; attempt < 200; attempt++) {
      const theme = this.rng.pick(themes);
      const name = theme === 'historic' ? this.rng.pick(HISTORIC) : compose(this.rng.pick(THEMES[theme]), this.rng.pick(SUFFIXES));
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
    let n = 2;
    while (used.has(`Nieuwe Zijstraat ${n}`)) n++;
    const fallback = `Nieuwe Zijstraat ${n}`;
    used.add(fallback);
    return fallback;
  }
}

function compose(stem: string, suffix: string): string {
  // multi-word stems (people, mills) get a separate word: "Burgemeester Visserstraat", "De Katpad" reads wrong
  if (stem.startsWith('De ') || stem.startsWith('Het ')) return `${stem.replace(/^(De|Het) /, '')}${suffix}`;
  return `${stem}${suffix}`;
}
