import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../../../i18n/useLang.ts';
import { recognitionApi } from '../../recognition/api/recognitionApi.ts';

interface KeyOption {
  value: string;
  label: string;
}

export interface ProductKeysSelectProps {
  value?: string[];
  onChange?: (keys: string[]) => void;
  id?: string;
  placeholder?: string;
}

/**
 * The products an entitlement covers, as tags: `publisher/product` keys of
 * the catalogue, suggested from the recognised software as the user types,
 * or typed in full for a product nobody has installed yet.
 */
export function ProductKeysSelect({ value, onChange, id, placeholder }: ProductKeysSelectProps) {
  const { t } = useLang();
  const [options, setOptions] = useState<KeyOption[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(0);

  const search = (q: string) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const ticket = ++latest.current;
      setLoading(true);
      recognitionApi
        .catalogue({ q: q || undefined, requiresLicence: true, page: 1, pageSize: 20 })
        .then((page) => {
          if (ticket === latest.current) setOptions(page.items.map((p) => ({ value: p.productKey, label: `${p.product ?? p.productKey}（${p.productKey}）` })));
        })
        // Roles without the catalogue still type keys in full.
        .catch(() => undefined)
        .finally(() => {
          if (ticket === latest.current) setLoading(false);
        });
    }, 250);
  };

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <Select<string[]>
      id={id}
      mode="tags"
      value={value ?? []}
      options={options}
      loading={loading}
      placeholder={placeholder ?? t('entitlements.productKeysPlaceholder')}
      tokenSeparators={[',', '，', ' ', ';', '；']}
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => {
        if (open && options.length === 0) search('');
      }}
      // Keys are stored lower-case, as the catalogue writes them.
      onChange={(keys) => onChange?.([...new Set(keys.map((k) => k.trim().toLowerCase()).filter(Boolean))])}
      data-testid="entitlement-product-keys"
    />
  );
}
