// TandemOS
