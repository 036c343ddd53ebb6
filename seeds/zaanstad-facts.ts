/**
 * Published facts about the 50 CBS buurten of gemeente Zaanstad (GM0479), CBS Wijk- en Buurtkaart 2017
 * (CC BY 4.0, CBS / Kadaster): code, name, wijk, dominant PC4, centroid, land area and households
 * (≈ dwellings). Plus this project's documented assumption of each buurt's building-period profile.
 */
import type { PeriodProfile } from './building-periods.js';

/** One buurt as published, plus the assumed period profile. */
export interface BuurtFact {
  code: string;
  naam: string;
  wijkCode: string;
  pc4: string;
  lat: number;
  lon: number;
  oppervlakteHa: number;
  huishoudens: number;
  profile: PeriodProfile;
}

// code naam | wijk pc4 lat lon ha households profile
const TABLE = `
BU04791110 Achtersluispolder|WK047911 1505 52.4248 4.8582 159 45 landelijk
BU04791120 Bomenbuurt|WK047911 1505 52.4333 4.8390 55 2805 vooroorlogs
BU04791130 Burgemeestersbuurt|WK047911 1501 52.4387 4.8338 65 3210 vooroorlogs
BU04791210 Poelenburg|WK047912 1504 52.4382 4.8501 101 3565 jaren-60-70
BU04791310 Peldersveld|WK047913 1503 52.4476 4.8446 65 2475 jaren-60-70
BU04791320 Hoornseveld|WK047913 1503 52.4468 4.8357 81 2445 jaren-60-70
BU04791410 Rosmolenbuurt|WK047914 1502 52.4478 4.8271 93 4245 vooroorlogs
BU04791510 Kogerveld|WK047915 1508 52.4565 4.8292 95 1555 jaren-60-70
BU04791520 Boerejonkerbuurt|WK047915 1508 52.4568 4.8173 36 670 wederopbouw
BU04791610 Kalf|WK047916 1509 52.4623 4.8432 221 2850 gemengd
BU04791620 Kalverpolder|WK047916 1509 52.4787 4.8274 154 170 landelijk
BU04792110 Havenbuurt|WK047921 1506 52.4245 4.8293 71 400 oude-kern
BU04792120 Zuiderhout|WK047921 1506 52.4269 4.8204 88 45 landelijk
BU04792130 Het Eiland|WK047921 1506 52.4342 4.8266 13 545 oude-kern
BU04792140 Russische buurt|WK047921 1506 52.4362 4.8193 42 1380 oude-kern
BU04792210 Oud West|WK047922 1506 52.4448 4.8178 61 2125 oude-kern
BU04792220 Spoorbuurt|WK047922 1506 52.4432 4.8132 32 370 vooroorlogs
BU04792230 Schilders- en Waddenbuurt|WK047922 1506 52.4523 4.8117 39 1315 vooroorlogs
BU04792310 Westerspoor|WK047923 1507 52.4336 4.8018 264 1845 na-1995
BU04792320 Westerwatering|WK047923 1507 52.4459 4.8012 210 3500 jaren-70-80
BU04793110 Oud Koog|WK047931 1541 52.4637 4.8121 81 2195 oude-kern
BU04793210 Westerkoog|WK047932 1541 52.4627 4.7963 188 2800 jaren-70-80
BU04794110 Oud Zaandijk|WK047941 1544 52.4760 4.8105 53 1555 oude-kern
BU04794210 Rooswijk|WK047942 1544 52.4714 4.7991 39 1075 vooroorlogs
BU04794220 Rooswijk Noord|WK047942 1544 52.4725 4.7949 79 1225 wederopbouw
BU04795110 Wormerveer Zuid|WK047951 1521 52.4879 4.8027 56 1750 oude-kern
BU04795120 Guisveld|WK047951 1521 52.4863 4.7873 169 0 landelijk
BU04795130 Wormerveer Noord|WK047951 1521 52.4956 4.7895 138 3755 gemengd
BU04795140 Karnemelksepolder|WK047951 1521 52.5050 4.7919 70 20 landelijk
BU04795150 Westknollendam|WK047951 1525 52.5160 4.7875 24 185 landelijk
BU04795160 Industriebuurt|WK047951 1521 52.5108 4.7780 72 110 landelijk
BU04796110 Zuiderhoofdbuurt|WK047961 1561 52.4963 4.7681 41 940 oude-kern
BU04796120 Noorderhoofdbuurt|WK047961 1561 52.5030 4.7709 41 1185 oude-kern
BU04796130 Snuiverbuurt|WK047961 1561 52.4984 4.7595 45 1100 wederopbouw
BU04796140 Rosariumbuurt|WK047961 1561 52.5043 4.7644 35 695 wederopbouw
BU04796210 Zuiderham|WK047962 1562 52.5025 4.7443 78 1410 jaren-70-80
BU04796220 Noorderham|WK047962 1562 52.5073 4.7515 50 1540 jaren-70-80
BU04796230 Krommeniedijk|WK047962 1562 52.5167 4.7590 171 190 landelijk
BU04796240 Willis|WK047962 1562 52.5092 4.7720 28 810 wederopbouw
BU04797110 De Zuid|WK047971 1566 52.4532 4.7085 1275 565 landelijk
BU04797120 Centrum|WK047971 1566 52.4691 4.7364 282 2660 lint-en-nieuw
BU04797130 Westerpolder|WK047971 1566 52.4775 4.7039 789 45 landelijk
BU04797210 Waterrijk|WK047972 1566 52.4790 4.7589 305 2045 na-1995
BU04797220 Langeheit|WK047972 1566 52.4910 4.7641 59 525 na-1995
BU04797230 Parkrijk|WK047972 1567 52.4961 4.7358 309 3035 na-1995
BU04798110 Westzanerpolder|WK047981 1551 52.4340 4.7669 161 20 landelijk
BU04798120 Westzaan Zuid|WK047981 1551 52.4350 4.7812 180 580 oude-kern
BU04798130 J.J. Allanbuurt|WK047981 1551 52.4467 4.7680 380 265 landelijk
BU04798140 Westzaan Noord|WK047981 1551 52.4667 4.7743 115 1080 oude-kern
BU04798150 Middel|WK047981 1551 52.4768 4.7775 132 40 landelijk
`;

/** The 50 Zaanstad buurten (CBS 2017), in code order. */
export const ZAANSTAD_BUURTEN: readonly BuurtFact[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [head, rest] = line.split('|');
    const code = head.slice(0, 10);
    const [wijkCode, pc4, lat, lon, ha, hh, profile] = rest.split(' ');
    return {
      code,
      naam: head.slice(11),
      wijkCode,
      pc4,
      lat: Number(lat),
      lon: Number(lon),
      oppervlakteHa: Number(ha),
      huishoudens: Number(hh),
      profile: profile as PeriodProfile,
    };
  });

/** The CBS code of gemeente Zaanstad. */
export const ZAANSTAD_GEMEENTE = 'GM0479';

/** Woonplaats (BAG place name) of a Zaanstad buurt, from its wijk (issue 3 table). */
export function woonplaatsOf(buurtCode: string): string {
  if (buurtCode === 'BU04795150') return 'Westknollendam';
  const wijk = Number(buurtCode.slice(6, 8));
  if (wijk <= 23) return 'Zaandam';
  if (wijk <= 32) return 'Koog aan de Zaan';
  if (wijk <= 42) return 'Zaandijk';
  if (wijk <= 51) return 'Wormerveer';
  if (wijk <= 62) return 'Krommenie';
  if (wijk <= 72) return 'Assendelft';
  return 'Westzaan';
}

/** Looks up the published facts of a buurt by code. */
export function buurtFact(code: string): BuurtFact | undefined {
  return ZAANSTAD_BUURTEN.find((b) => b.code === code);
}
