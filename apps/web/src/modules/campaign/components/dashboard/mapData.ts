import * as echarts from 'echarts/core';
import chinaUrl from 'echarts-map-data/map/json/china.json?url';
import beijingUrl from 'echarts-map-data/map/json/province/beijing.json?url';
import tianjinUrl from 'echarts-map-data/map/json/province/tianjin.json?url';
import hebeiUrl from 'echarts-map-data/map/json/province/hebei.json?url';
import shanxiUrl from 'echarts-map-data/map/json/province/shanxi.json?url';
import neimengguUrl from 'echarts-map-data/map/json/province/neimenggu.json?url';
import liaoningUrl from 'echarts-map-data/map/json/province/liaoning.json?url';
import jilinUrl from 'echarts-map-data/map/json/province/jilin.json?url';
import heilongjiangUrl from 'echarts-map-data/map/json/province/heilongjiang.json?url';
import shanghaiUrl from 'echarts-map-data/map/json/province/shanghai.json?url';
import jiangsuUrl from 'echarts-map-data/map/json/province/jiangsu.json?url';
import zhejiangUrl from 'echarts-map-data/map/json/province/zhejiang.json?url';
import anhuiUrl from 'echarts-map-data/map/json/province/anhui.json?url';
import fujianUrl from 'echarts-map-data/map/json/province/fujian.json?url';
import jiangxiUrl from 'echarts-map-data/map/json/province/jiangxi.json?url';
import shandongUrl from 'echarts-map-data/map/json/province/shandong.json?url';
import henanUrl from 'echarts-map-data/map/json/province/henan.json?url';
import hubeiUrl from 'echarts-map-data/map/json/province/hubei.json?url';
import hunanUrl from 'echarts-map-data/map/json/province/hunan.json?url';
import guangdongUrl from 'echarts-map-data/map/json/province/guangdong.json?url';
import guangxiUrl from 'echarts-map-data/map/json/province/guangxi.json?url';
import hainanUrl from 'echarts-map-data/map/json/province/hainan.json?url';
import chongqingUrl from 'echarts-map-data/map/json/province/chongqing.json?url';
import sichuanUrl from 'echarts-map-data/map/json/province/sichuan.json?url';
import guizhouUrl from 'echarts-map-data/map/json/province/guizhou.json?url';
import yunnanUrl from 'echarts-map-data/map/json/province/yunnan.json?url';
import xizangUrl from 'echarts-map-data/map/json/province/xizang.json?url';
import shanxi1Url from 'echarts-map-data/map/json/province/shanxi1.json?url';
import gansuUrl from 'echarts-map-data/map/json/province/gansu.json?url';
import qinghaiUrl from 'echarts-map-data/map/json/province/qinghai.json?url';
import ningxiaUrl from 'echarts-map-data/map/json/province/ningxia.json?url';
import xinjiangUrl from 'echarts-map-data/map/json/province/xinjiang.json?url';
import taiwanUrl from 'echarts-map-data/map/json/province/taiwan.json?url';
import xianggangUrl from 'echarts-map-data/map/json/province/xianggang.json?url';
import aomenUrl from 'echarts-map-data/map/json/province/aomen.json?url';

/*
 * Map data: the GeoJSON that Apache ECharts 4.9 shipped (Apache-2.0; the npm
 * package `echarts@4.9.0` installed as `echarts-map-data`): the China map with
 * one feature per provincial-level division and one map per province with its
 * prefectures (municipalities: their districts). Feature ids are GB/T 2260
 * codes. The files are emitted as separate assets and fetched only when a map
 * is shown.
 */

/** Map file of each province by its code. */
const PROVINCE_FILES: Record<string, string> = {
  '110000': beijingUrl,
  '120000': tianjinUrl,
  '130000': hebeiUrl,
  '140000': shanxiUrl,
  '150000': neimengguUrl,
  '210000': liaoningUrl,
  '220000': jilinUrl,
  '230000': heilongjiangUrl,
  '310000': shanghaiUrl,
  '320000': jiangsuUrl,
  '330000': zhejiangUrl,
  '340000': anhuiUrl,
  '350000': fujianUrl,
  '360000': jiangxiUrl,
  '370000': shandongUrl,
  '410000': henanUrl,
  '420000': hubeiUrl,
  '430000': hunanUrl,
  '440000': guangdongUrl,
  '450000': guangxiUrl,
  '460000': hainanUrl,
  '500000': chongqingUrl,
  '510000': sichuanUrl,
  '520000': guizhouUrl,
  '530000': yunnanUrl,
  '540000': xizangUrl,
  '610000': shanxi1Url,
  '620000': gansuUrl,
  '630000': qinghaiUrl,
  '640000': ningxiaUrl,
  '650000': xinjiangUrl,
  '710000': taiwanUrl,
  '810000': xianggangUrl,
  '820000': aomenUrl,
};

/** A feature of a registered map: its code (when the data has one) and name. */
export interface MapFeature {
  id: string | undefined;
  name: string;
}

/** A registered map: the name ECharts knows it by and its features. */
export interface LoadedMap {
  name: string;
  features: MapFeature[];
}

const NATIONAL = '000000';

/** Whether there is map data for a region node (the nation and each province). */
export function hasMap(code: string): boolean {
  return code === NATIONAL || code in PROVINCE_FILES;
}

const loading = new Map<string, Promise<LoadedMap>>();

/**
 * Fetches and registers the map of a node once (later calls share the
 * first). The China map is registered as `china` so ECharts adds the South
 * China Sea islands inset.
 */
export function loadMap(code: string): Promise<LoadedMap> {
  let p = loading.get(code);
  if (!p) {
    const url = code === NATIONAL ? chinaUrl : PROVINCE_FILES[code];
    if (!url) return Promise.reject(new Error(`no map data for ${code}`));
    const name = code === NATIONAL ? 'china' : `province-${code}`;
    p = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`map data ${r.status}`);
        return r.json() as Promise<{ features: { id?: string | number; properties?: { name?: string } }[] }>;
      })
      .then((json) => {
        const features = json.features.map((f) => ({ id: f.id === undefined ? undefined : String(f.id), name: f.properties?.name ?? '' }));
        echarts.registerMap(name, json as unknown as Parameters<typeof echarts.registerMap>[1]);
        return { name, features };
      });
    p.catch(() => loading.delete(code));
    loading.set(code, p);
  }
  return p;
}
