import { describe, expect, it } from 'vitest';
import {
  identityFromCimJson,
  identityFromWmicCsproduct,
  macsFromGetmacCsv,
  parseWmicList,
  sidFromWhoami,
  sidsFromRegQueryHku,
  splitCsvLine,
  valueFromRegQuery,
  versionFromVer,
  windowsNameFromVersion,
} from './windows-hardware.parser.ts';

describe('wmic /format:list', () => {
  // wmic writes \r\r\n line ends and blank lines around each record
  const out = '\r\r\n\r\r\nIdentifyingNumber=PF2ABCDE\r\r\nName=20L5CTO1WW\r\r\nUUID=1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC\r\r\nVendor=LENOVO\r\r\n\r\r\n\r\r\n';
  it('reads Key=Value records', () => {
    expect(parseWmicList(out)).toEqual([{ IdentifyingNumber: 'PF2ABCDE', Name: '20L5CTO1WW', UUID: '1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC', Vendor: 'LENOVO' }]);
    expect(parseWmicList('A=1\nB=\n\nA=2\n')).toEqual([{ A: '1', B: '' }, { A: '2' }]);
  });
  it('maps csproduct to identity, dropping placeholders', () => {
    expect(identityFromWmicCsproduct(out)).toMatchObject({ uuid: '1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC', serial: 'PF2ABCDE', manufacturer: 'LENOVO', model: '20L5CTO1WW' });
    const dummy = 'IdentifyingNumber=Default string\r\nName=System Product Name\r\nUUID=03000200-0400-0500-0006-000700080009\r\nVendor=System manufacturer\r\n';
    expect(identityFromWmicCsproduct(dummy)).toMatchObject({ uuid: null, serial: null, manufacturer: null, model: null });
  });
});

describe('PowerShell CIM JSON', () => {
  it('reads product, BIOS, OS and computer system', () => {
    const json = JSON.stringify({
      product: { UUID: '1a2b3c4d-5e6f-11e8-9c2d-fa7ae01bbebc', IdentifyingNumber: 'To be filled by O.E.M.', Vendor: 'LENOVO', Name: '20L5CTO1WW' },
      bios: { SerialNumber: 'PF2ABCDE' },
      os: { Caption: 'Microsoft Windows 11 专业版', Version: '10.0.22631' },
      system: { Domain: 'CORP.EXAMPLE.CN', PartOfDomain: true, UserName: 'CORP\\zhangsan' },
    });
    expect(identityFromCimJson(`\uFEFF${json}\r\n`)).toEqual({
      uuid: '1A2B3C4D-5E6F-11E8-9C2D-FA7AE01BBEBC',
      serial: 'PF2ABCDE',
      manufacturer: 'LENOVO',
      model: '20L5CTO1WW',
      osName: 'Microsoft Windows 11 专业版',
      osVersion: '10.0.22631',
      domain: 'CORP.EXAMPLE.CN',
      lastUser: 'CORP\\zhangsan',
    });
  });
  it('treats a workgroup as no domain and tolerates junk', () => {
    expect(identityFromCimJson(JSON.stringify({ system: { Domain: 'WORKGROUP', PartOfDomain: false, UserName: null } }))).toMatchObject({ domain: null, lastUser: null });
    expect(identityFromCimJson('Get-CimInstance : 拒绝访问')).toMatchObject({ uuid: null, osName: null });
    expect(identityFromCimJson('null')).toMatchObject({ uuid: null });
  });
});

describe('getmac /fo csv /v /nh', () => {
  it('keeps physical adapters, drops virtual ones and adapters without an address (English)', () => {
    const out = [
      '"Ethernet","Intel(R) Ethernet Connection (7) I219-V","8C-16-45-AA-BB-CC","\\Device\\Tcpip_{4D36E972-E325-11CE-BFC1-08002BE10318}"',
      '"Wi-Fi","Intel(R) Wireless-AC 9560 160MHz","8C-16-45-AA-BB-DD","Media disconnected"',
      '"VirtualBox Host-Only Network","VirtualBox Host-Only Ethernet Adapter","0A-00-27-00-00-0C","\\Device\\Tcpip_{1}"',
      '"vEthernet (Default Switch)","Hyper-V Virtual Ethernet Adapter","00-15-5D-01-02-03","\\Device\\Tcpip_{2}"',
      '"Local Area Connection* 2","Microsoft Wi-Fi Direct Virtual Adapter #2","N/A","Hardware not present"',
      '"Ethernet 2","TAP-Windows Adapter V9","00-FF-12-34-56-78","Media disconnected"',
    ].join('\r\n');
    expect(macsFromGetmacCsv(out)).toEqual(['8c:16:45:aa:bb:cc', '8c:16:45:aa:bb:dd']);
  });
  it('works on Chinese Windows, with a header row if one is printed', () => {
    const out = ['"连接名","网络适配器","物理地址","传输名称"', '"以太网","Realtek PCIe GbE Family Controller","D8-BB-C1-01-02-03","\\Device\\Tcpip_{A}"', '"WLAN","Intel(R) Wi-Fi 6 AX201 160MHz","D8-BB-C1-01-02-04","媒体已断开连接"', '"蓝牙网络连接","Bluetooth Device (Personal Area Network)","不可用","媒体已断开连接"'].join('\r\n');
    expect(macsFromGetmacCsv(out)).toEqual(['d8:bb:c1:01:02:03', 'd8:bb:c1:01:02:04']);
  });
  it('splits CSV with quotes and doubled quotes', () => {
    expect(splitCsvLine('"a,b","c""d",e,')).toEqual(['a,b', 'c"d', 'e', '']);
  });
});

describe('ver, reg query, whoami', () => {
  it('finds the version in English and Chinese ver output', () => {
    expect(versionFromVer('\r\nMicrosoft Windows [Version 10.0.19045.3803]\r\n')).toBe('10.0.19045.3803');
    expect(versionFromVer('\r\nMicrosoft Windows [版本 10.0.22631.2861]\r\n')).toBe('10.0.22631.2861');
    expect(versionFromVer('Microsoft Windows XP [Version 5.1.2600]')).toBe('5.1.2600');
    expect(versionFromVer('nothing')).toBeNull();
  });
  it('names Windows from the NT version', () => {
    expect(windowsNameFromVersion('10.0.22631.2861')).toBe('Microsoft Windows 11');
    expect(windowsNameFromVersion('10.0.19045')).toBe('Microsoft Windows 10');
    expect(windowsNameFromVersion('6.1.7601')).toBe('Microsoft Windows 7');
    expect(windowsNameFromVersion('5.1.2600')).toBe('Microsoft Windows XP');
    expect(windowsNameFromVersion(null)).toBeNull();
  });
  it('lists user hives of HKU without _Classes and well-known service SIDs', () => {
    const out = [
      '',
      'HKEY_USERS\\.DEFAULT',
      'HKEY_USERS\\S-1-5-19',
      'HKEY_USERS\\S-1-5-20',
      'HKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1001',
      'HKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1001_Classes',
      'HKEY_USERS\\S-1-5-21-1004336348-1177238915-682003330-1002',
      'HKEY_USERS\\S-1-5-18',
    ].join('\r\n');
    expect(sidsFromRegQueryHku(out)).toEqual(['S-1-5-21-1004336348-1177238915-682003330-1001', 'S-1-5-21-1004336348-1177238915-682003330-1002']);
  });
  it('reads the SID from whoami and a value from reg query', () => {
    expect(sidFromWhoami('"desktop-1\\zhangsan","S-1-5-21-1004336348-1177238915-682003330-1001"\r\n')).toBe('S-1-5-21-1004336348-1177238915-682003330-1001');
    const q = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\r\n    MachineGuid    REG_SZ    5b3e8f1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c\r\n\r\n';
    expect(valueFromRegQuery(q, 'MachineGuid')).toBe('5b3e8f1c-1d2e-4f5a-9b8c-7d6e5f4a3b2c');
    expect(valueFromRegQuery(q, 'Other')).toBeNull();
  });
});
