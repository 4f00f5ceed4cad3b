import { BrowserRouter } from 'react-router';
import { AuthProvider } from './auth/AuthProvider.tsx';
import { LangProvider } from './i18n/LangProvider.tsx';
import { AppRoutes } from './AppRoutes.tsx';
import { AntdRoot } from './layout/AntdRoot.tsx';

/** Providers from the outside in: language (also drives antd), session, router. */
export function App() {
  return (
    <LangProvider>
      <AntdRoot>
        <AuthProvider>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </AuthProvider>
      </AntdRoot>
    </LangProvider>
  );
}
