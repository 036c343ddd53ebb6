import { ADDRESS_MIN_ZOOM, AREA_MAX_ZOOM, OVERVIEW_SWITCH_ZOOM } from '../../service/domain/tile-zooms.js';

describe('the overview zooms', () => {
  it('when the viewer switches layers, then each layer is drawn only at zooms its tiles are served at, in order gemeenten, wijken, buurten, addresses', () => {
    // gemeenten are drawn below the wijk switch, i.e. from tiles up to (switch − 1) at most
    expect(OVERVIEW_SWITCH_ZOOM.wijken - 1).toBeLessThanOrEqual(AREA_MAX_ZOOM.gemeenten);
    // wijken are drawn below the buurt switch
    expect(OVERVIEW_SWITCH_ZOOM.buurten - 1).toBeLessThanOrEqual(AREA_MAX_ZOOM.wijken);
    expect(0).toBeLessThan(OVERVIEW_SWITCH_ZOOM.wijken);
    expect(OVERVIEW_SWITCH_ZOOM.wijken).toBeLessThan(OVERVIEW_SWITCH_ZOOM.buurten);
    expect(OVERVIEW_SWITCH_ZOOM.buurten).toBeLessThan(ADDRESS_MIN_ZOOM);
  });
});
