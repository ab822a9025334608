// What DescribeRegions and DescribeZones say about a region beyond its id: its public name in
// English and Chinese, and its ECS endpoint (the older central regions answer on the global
// `ecs.aliyuncs.com`, the others on `ecs.<region>.aliyuncs.com`). Regions an emulator is built
// with but this table does not know are named by their id. Zone names follow the console's
// pattern (docs/differences.md: modelled).

interface RegionNames {
  readonly en: string;
  readonly zh: string;
  /** True for the regions DescribeRegions lists with the global endpoint. */
  readonly globalEndpoint: boolean;
}

const names = (en: string, zh: string, globalEndpoint = false): RegionNames =>
  ({ en, zh, globalEndpoint });

const regionNames: ReadonlyMap<string, RegionNames> = new Map([
  ['cn-qingdao', names('China (Qingdao)', '华北1（青岛）', true)],
  ['cn-beijing', names('China (Beijing)', '华北2（北京）', true)],
  ['cn-zhangjiakou', names('China (Zhangjiakou)', '华北3（张家口）')],
  ['cn-huhehaote', names('China (Hohhot)', '华北5（呼和浩特）')],
  ['cn-wulanchabu', names('China (Ulanqab)', '华北6（乌兰察布）')],
  ['cn-hangzhou', names('China (Hangzhou)', '华东1（杭州）', true)],
  ['cn-shanghai', names('China (Shanghai)', '华东2（上海）', true)],
  ['cn-shenzhen', names('China (Shenzhen)', '华南1（深圳）', true)],
  ['cn-heyuan', names('China (Heyuan)', '华南2（河源）')],
  ['cn-guangzhou', names('China (Guangzhou)', '华南3（广州）')],
  ['cn-chengdu', names('China (Chengdu)', '西南1（成都）')],
  ['cn-hongkong', names('China (Hong Kong)', '中国香港', true)],
  ['ap-southeast-1', names('Singapore', '新加坡', true)],
  ['ap-southeast-3', names('Malaysia (Kuala Lumpur)', '马来西亚（吉隆坡）')],
  ['ap-southeast-5', names('Indonesia (Jakarta)', '印度尼西亚（雅加达）')],
  ['ap-northeast-1', names('Japan (Tokyo)', '日本（东京）')],
  ['us-west-1', names('US (Silicon Valley)', '美国（硅谷）', true)],
  ['us-east-1', names('US (Virginia)', '美国（弗吉尼亚）', true)],
  ['eu-central-1', names('Germany (Frankfurt)', '德国（法兰克福）')],
  ['eu-west-1', names('UK (London)', '英国（伦敦）')],
]);

export type Language = 'zh' | 'en';

/** The language of names for an `AcceptLanguage` value (zh-CN is the default, as on ECS). */
export function languageOf(acceptLanguage: string | undefined): Language {
  return acceptLanguage === undefined || acceptLanguage.toLowerCase().startsWith('zh') ? 'zh'
    : 'en';
}

export function regionLocalName(regionId: string, language: Language): string {
  return regionNames.get(regionId)?.[language] ?? regionId;
}

export function regionEndpoint(regionId: string): string {
  return regionNames.get(regionId)?.globalEndpoint === true ? 'ecs.aliyuncs.com'
    : `ecs.${regionId}.aliyuncs.com`;
}

/** A zone's name: the region's, then the zone's letter (`cn-hangzhou-h` is Zone H). */
export function zoneLocalName(regionId: string, zoneId: string, language: Language): string {
  const known = regionNames.get(regionId);
  if (known === undefined || !zoneId.startsWith(regionId)) return zoneId;
  const letter = zoneId.slice(regionId.length).replace(/^-/, '').toUpperCase();
  return language === 'zh' ? `${known.zh} 可用区 ${letter}` : `${known.en} Zone ${letter}`;
}
