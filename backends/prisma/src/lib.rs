//! codegen backend: prisma (under construction).
